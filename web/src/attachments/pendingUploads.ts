import { createContext, useContext, useSyncExternalStore } from 'react'

/** An attachment whose bytes are on this device but not yet on the relay. */
export interface PendingUpload {
  hash: string
  /** Set when the relay refused it for good (the reason, for the sender). */
  error: string | null
  /** The local bytes, so the sender sees their image before (and without) the relay. */
  blob: Blob
}

export interface PendingUploads {
  get(hash: string): PendingUpload | undefined
  /** Bumps whenever the set changes. */
  getVersion(): number
  subscribe(listener: () => void): () => void
}

export const NOTHING_PENDING: PendingUploads = {
  get: () => undefined,
  getVersion: () => 0,
  subscribe: () => () => {},
}

export const PendingUploadsContext = createContext<PendingUploads>(NOTHING_PENDING)

/** The pending upload of `hash`, re-rendering when it changes (e.g. it finishes). */
export function usePendingUpload(hash: string): PendingUpload | undefined {
  const uploads = useContext(PendingUploadsContext)
  useSyncExternalStore(uploads.subscribe, uploads.getVersion)
  return uploads.get(hash)
}
