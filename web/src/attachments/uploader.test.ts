import { describe, expect, it, vi } from 'vitest'
import type { Attachment } from '../room'
import { createUploader } from './uploader'
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

  it('reports a refusal by the relay instead of retrying forever', async () => {
    const queue = memoryQueue()
    const fetch = vi.fn().mockResolvedValue(new Response('too big', { status: 413 }))
    const uploader = createUploader({ queue: Promise.resolve(queue), fetch })
    await uploader.add({ attachment, blob })
    await vi.waitFor(() => expect(uploader.get(attachment.hash)?.error).toBe('Too large for the relay'))
    expect(queue.items.size).toBe(0)
    uploader.close()
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
