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
  /** False until this device's queue has been read: before that, any attachment may be pending. */
  isKnown(): boolean
  /** Bumps whenever the set changes. */
  getVersion(): number
  subscribe(listener: () => void): () => void
}

export const NOTHING_PENDING: PendingUploads = {
  get: () => undefined,
  isKnown: () => true,
  getVersion: () => 0,
  subscribe: () => () => {},
}

/** While the uploader is still being set up. */
export const NOT_KNOWN_YET: PendingUploads = { ...NOTHING_PENDING, isKnown: () => false }

export const PendingUploadsContext = createContext<PendingUploads>(NOTHING_PENDING)

/** The pending upload of `hash`, re-rendering when it changes (e.g. it finishes). */
export function usePendingUpload(hash: string): PendingUpload | undefined {
  const uploads = useContext(PendingUploadsContext)
  useSyncExternalStore(uploads.subscribe, uploads.getVersion)
  return uploads.get(hash)
}

/** Whether pending uploads are known yet, re-rendering when they become known. */
export function usePendingKnown(): boolean {
  const uploads = useContext(PendingUploadsContext)
  useSyncExternalStore(uploads.subscribe, uploads.getVersion)
  return uploads.isKnown()
}
