// The service worker's attachment cache, bounded: attachments are content-addressed and never
// change, but a busy room would otherwise fill the disk with every picture ever seen. Entries
// are evicted oldest first (the Cache API keeps insertion order) until both bounds hold.

/** Attachments kept for offline viewing, by count and by bytes. */
export const MAX_BLOB_ENTRIES = 300
export const MAX_BLOB_BYTES = 200 * 2 ** 20

export const BLOB_PATH = /^\/blobs\/[0-9a-f]{64}$/

/** Minimal view of the Cache API, so the eviction is testable without a service worker. */
export interface BlobStore {
  put(request: Request | string, response: Response): Promise<void>
  keys(): Promise<readonly Request[]>
  match(request: Request | string): Promise<Response | undefined>
  delete(request: Request | string): Promise<boolean>
}

function sizeOf(response: Response | undefined): number {
  const length = Number(response?.headers.get('content-length'))
  return Number.isFinite(length) && length > 0 ? length : 0
}

/** Stores `response` unless it alone exceeds the byte bound, then evicts the oldest as needed. */
export async function keepBlob(store: BlobStore, request: Request, response: Response): Promise<void> {
  if (sizeOf(response) > MAX_BLOB_BYTES) return
  await store.put(request, response)
  await evict(store)
}

export async function evict(store: BlobStore, maxEntries = MAX_BLOB_ENTRIES, maxBytes = MAX_BLOB_BYTES) {
  const keys = await store.keys()
  const sizes = await Promise.all(keys.map(async (key) => sizeOf(await store.match(key))))
  let bytes = sizes.reduce((sum, size) => sum + size, 0)
  let count = keys.length
  for (const [i, key] of keys.entries()) {
    if (count <= maxEntries && bytes <= maxBytes) break
    await store.delete(key)
    count--
    bytes -= sizes[i] ?? 0
  }
}
