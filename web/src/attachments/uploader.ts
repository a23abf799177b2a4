// Uploads attachments to the relay's content-addressed blob store. Every attachment goes through
// the on-device queue first, so one path serves online and offline: an upload that cannot reach
// the relay stays queued (bytes included) and is tried again when the network or relay is back.
import { authorizationHeader } from '../access/accessToken'
import type { PendingUpload, PendingUploads } from './pendingUploads'
import type { PreparedAttachment } from './prepare'
import type { QueuedUpload, UploadQueue } from './uploadQueue'

/** How often a queued upload is retried while the relay is unreachable. */
const RETRY_MS = 5000
/** The longest wait a Retry-After can ask for; a relay that wants longer is simply asked again. */
const MAX_RETRY_AFTER_MS = 60 * 60_000

export interface Uploader extends PendingUploads {
  /** Queues the bytes on this device and uploads them as soon as the relay answers. */
  add(prepared: PreparedAttachment): Promise<void>
  close(): void
}

interface UploaderOptions {
  queue: Promise<UploadQueue>
  fetch?: typeof fetch
  /** The relay's access token at the time of each upload (sent as a bearer token), or null. */
  token?: () => string | null
}

/** The relay's answer as the sender should read it; null means "try again later". */
function refusal(status: number): string | null {
  if (status === 413) return 'Too large for the relay'
  if (status === 415) return 'This type of file is not allowed'
  if (status === 507) return "The relay's attachment storage is full"
  if (status === 401) return 'This relay needs an access token to take attachments'
  if (status >= 400 && status < 500 && status !== 408 && status !== 429)
    return `Refused by the relay (${status})`
  return null
}

/**
 * How long an answer that means "later" (429 from a rate limit, 503) asks to wait: its
 * Retry-After, in seconds or as a date, or RETRY_MS when it gives none that can be read.
 */
export function retryAfterMs(response: Response, now = Date.now()): number {
  const header = response.headers.get('Retry-After')?.trim() ?? ''
  const ms = /^\d+$/.test(header) ? Number(header) * 1000 : Date.parse(header) - now
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : RETRY_MS
}

export function createUploader({
  queue,
  fetch: send = globalThis.fetch.bind(globalThis),
  token = () => null,
}: UploaderOptions) {
  const pending = new Map<string, PendingUpload>()
  const inFlight = new Set<string>()
  const listeners = new Set<() => void>()
  let version = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let retryAt = 0
  let closed = false
  const changed = () => {
    version++
    for (const listener of listeners) listener()
  }

  const upload = async ({ hash, type, blob }: QueuedUpload): Promise<void> => {
    if (inFlight.has(hash) || closed) return
    inFlight.add(hash)
    try {
      const response = await send(`/blobs/${hash}`, {
        method: 'PUT',
        headers: { 'Content-Type': type, ...authorizationHeader(token()) },
        body: blob,
      })
      const refused = response.ok ? null : refusal(response.status)
      if (!response.ok && refused === null) return retryLater(retryAfterMs(response))
      await (await queue).remove(hash)
      if (refused === null) pending.delete(hash)
      else pending.set(hash, { hash, blob, error: refused })
      changed()
    } catch {
      retryLater()
    } finally {
      inFlight.delete(hash)
    }
  }
  const retryAll = async () => {
    clearTimeout(timer)
    timer = undefined
    for (const item of await (await queue).list()) void upload(item)
  }
  /** One timer retries every queued upload; it fires no sooner than the longest wait asked for. */
  function retryLater(delayMs = RETRY_MS) {
    if (closed) return
    const at = Date.now() + delayMs
    if (timer !== undefined && retryAt >= at) return
    clearTimeout(timer)
    retryAt = at
    timer = setTimeout(retryAll, delayMs)
  }
  const onOnline = () => void retryAll()
  globalThis.addEventListener?.('online', onOnline)

  // Uploads left over from an earlier visit (picked offline, then the tab closed). Until they are
  // read, an image shown from the relay might be one of them: not there yet, its bytes only here.
  let known = false
  void queue
    .then(async (opened) => {
      const left = await opened.list()
      for (const item of left) pending.set(item.hash, { hash: item.hash, blob: item.blob, error: null })
      for (const item of left) void upload(item)
    })
    .catch(() => {}) // without a queue, nothing was left over
    .finally(() => {
      known = true
      changed()
    })

  return {
    get: (hash: string) => pending.get(hash),
    isKnown: () => known,
    getVersion: () => version,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async add({ attachment, blob }: PreparedAttachment) {
      const item = { hash: attachment.hash, type: attachment.type, blob }
      pending.set(item.hash, { hash: item.hash, blob, error: null })
      changed()
      // Without the queue (private mode, quota) the upload is still tried, just not kept.
      await (await queue).put(item).catch(() => {})
      void upload(item)
    },
    close() {
      closed = true
      clearTimeout(timer)
      globalThis.removeEventListener?.('online', onOnline)
      listeners.clear()
      queue.then(
        (opened) => opened.close(),
        () => {}, // a queue that never opened has nothing to close
      )
    },
  } satisfies Uploader
}
