import { describe, expect, it, vi } from 'vitest'
import type { Attachment } from '../room'
import { createUploader, retryAfterMs } from './uploader'
import type { QueuedUpload, UploadQueue } from './uploadQueue'

function memoryQueue(initial: QueuedUpload[] = []): UploadQueue & { items: Map<string, QueuedUpload> } {
  const items = new Map(initial.map((item) => [item.hash, item]))
  return {
    items,
    put: async (item) => void items.set(item.hash, item),
    remove: async (hash) => void items.delete(hash),
    list: async () => [...items.values()],
    close: () => {},
  }
}

const attachment: Attachment = { hash: 'a'.repeat(64), name: 'a.png', type: 'image/png', size: 3 }
const blob = new Blob([new Uint8Array([1, 2, 3])])
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('uploader', () => {
  it('keeps an upload queued and pending while the relay is unreachable, then sends it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const queue = memoryQueue()
    const fetch = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('offline'))
      .mockResolvedValue(new Response('', { status: 201 }))
    const uploader = createUploader({ queue: Promise.resolve(queue), fetch })
    await uploader.add({ attachment, blob })
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1))
    expect(uploader.get(attachment.hash)).toMatchObject({ error: null })
    expect(queue.items.has(attachment.hash)).toBe(true)
    await vi.advanceTimersByTimeAsync(5000)
    await vi.waitFor(() => expect(uploader.get(attachment.hash)).toBeUndefined())
    expect(queue.items.size).toBe(0)
    expect(fetch).toHaveBeenLastCalledWith(
      `/blobs/${attachment.hash}`,
      expect.objectContaining({ method: 'PUT' }),
    )
    uploader.close()
    vi.useRealTimers()
  })

  it('sends the relay’s access token as a bearer token, and says so when the relay wants one', async () => {
    const queue = memoryQueue()
    const fetch = vi.fn().mockResolvedValue(new Response('unauthorized', { status: 401 }))
    const uploader = createUploader({ queue: Promise.resolve(queue), fetch, token: () => 'a.b.c' })
    await uploader.add({ attachment, blob })
    await vi.waitFor(() => expect(uploader.get(attachment.hash)?.error).toMatch(/needs an access token/))
    expect(fetch.mock.calls[0]?.[1]?.headers).toMatchObject({ Authorization: 'Bearer a.b.c' })
    uploader.close()
  })

  it('reports a refusal by the relay instead of retrying forever', async () => {
    const queue = memoryQueue()
    const fetch = vi.fn().mockResolvedValue(new Response('too big', { status: 413 }))
    const uploader = createUploader({ queue: Promise.resolve(queue), fetch })
    await uploader.add({ attachment, blob })
    await vi.waitFor(() => expect(uploader.get(attachment.hash)?.error).toBe('Too large for the relay'))
    expect(queue.items.size).toBe(0)
    uploader.close()
  })

  it('waits as long as a rate-limited answer (429) asks, then sends the upload again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const queue = memoryQueue()
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(new Response('rate limited', { status: 429, headers: { 'Retry-After': '30' } }))
      .mockResolvedValue(new Response('', { status: 201 }))
    const uploader = createUploader({ queue: Promise.resolve(queue), fetch })
    await uploader.add({ attachment, blob })
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1))
    await vi.advanceTimersByTimeAsync(29_000)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(uploader.get(attachment.hash)).toMatchObject({ error: null })
    expect(queue.items.has(attachment.hash)).toBe(true)
    await vi.advanceTimersByTimeAsync(1_000)
    await vi.waitFor(() => expect(uploader.get(attachment.hash)).toBeUndefined())
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(queue.items.size).toBe(0)
    uploader.close()
    vi.useRealTimers()
  })

  it('reports a relay whose attachment storage is full (507) instead of retrying', async () => {
    const queue = memoryQueue()
    const fetch = vi.fn().mockResolvedValue(new Response('attachment storage is full', { status: 507 }))
    const uploader = createUploader({ queue: Promise.resolve(queue), fetch })
    await uploader.add({ attachment, blob })
    await vi.waitFor(() =>
      expect(uploader.get(attachment.hash)?.error).toBe("The relay's attachment storage is full"),
    )
    expect(queue.items.size).toBe(0)
    expect(fetch).toHaveBeenCalledOnce()
    uploader.close()
  })

  it('reads Retry-After in seconds or as a date, within bounds', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    const answer = (retryAfter?: string) =>
      new Response('', {
        status: 429,
        headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
      })
    expect(retryAfterMs(answer('12'), now)).toBe(12_000)
    expect(retryAfterMs(answer('Thu, 01 Jan 2026 00:01:00 GMT'), now)).toBe(60_000)
    expect(retryAfterMs(answer('Wed, 31 Dec 2025 00:00:00 GMT'), now)).toBe(0)
    expect(retryAfterMs(answer('999999'), now)).toBe(60 * 60_000)
    expect(retryAfterMs(answer(), now)).toBe(5000)
    expect(retryAfterMs(answer('soon'), now)).toBe(5000)
  })

  it('knows what is pending only once the queue has been read', async () => {
    const queue = memoryQueue([{ hash: attachment.hash, type: 'image/png', blob }])
    const never = vi.fn(() => new Promise<Response>(() => {}))
    const uploader = createUploader({ queue: Promise.resolve(queue), fetch: never })
    expect(uploader.isKnown()).toBe(false)
    await vi.waitFor(() => expect(uploader.isKnown()).toBe(true))
    expect(uploader.get(attachment.hash)).toMatchObject({ error: null })
    uploader.close()
  })

  it('resumes uploads left in the queue by an earlier visit', async () => {
    const queue = memoryQueue([{ hash: attachment.hash, type: 'image/png', blob }])
    const fetch = vi.fn().mockResolvedValue(new Response('', { status: 200 }))
    const uploader = createUploader({ queue: Promise.resolve(queue), fetch })
    await settle()
    await vi.waitFor(() => expect(queue.items.size).toBe(0))
    expect(fetch).toHaveBeenCalledOnce()
    uploader.close()
  })
})
