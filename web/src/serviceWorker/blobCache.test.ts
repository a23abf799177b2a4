import { describe, expect, it } from 'vitest'
import { type BlobStore, evict, keepBlob, MAX_BLOB_BYTES } from './blobCache'

/** The Cache API's behaviour that matters here: insertion order, replace on put. */
function memoryStore(): BlobStore & { urls(): string[] } {
  const entries = new Map<string, Response>()
  const url = (request: Request | string) => (typeof request === 'string' ? request : request.url)
  return {
    async put(request, response) {
      entries.delete(url(request))
      entries.set(url(request), response)
    },
    keys: async () => [...entries.keys()].map((key) => new Request(key)),
    match: async (request) => entries.get(url(request)),
    delete: async (request) => entries.delete(url(request)),
    urls: () => [...entries.keys()],
  }
}

const blob = (bytes: number) => new Response('x', { headers: { 'content-length': String(bytes) } })
const at = (n: number) => new Request(`http://relay.test/blobs/${String(n).padStart(64, '0')}`)

describe('the attachment cache', () => {
  it('drops the oldest entries beyond the count bound', async () => {
    const store = memoryStore()
    for (let i = 0; i < 5; i++) await store.put(at(i), blob(10))
    await evict(store, 3, 1_000)
    expect(store.urls()).toEqual([at(2).url, at(3).url, at(4).url])
  })

  it('drops the oldest entries until the bytes fit', async () => {
    const store = memoryStore()
    await store.put(at(0), blob(600))
    await store.put(at(1), blob(300))
    await store.put(at(2), blob(300))
    await evict(store, 10, 700)
    expect(store.urls()).toEqual([at(1).url, at(2).url])
  })

  it('never stores one attachment larger than the whole cache', async () => {
    const store = memoryStore()
    await keepBlob(store, at(0), blob(MAX_BLOB_BYTES + 1))
    await keepBlob(store, at(1), blob(5))
    expect(store.urls()).toEqual([at(1).url])
  })
})
