// The blob half of the store contract (contract.ts runs it for every backend): streaming in and
// out, the checks made while bytes arrive, and the quota shared by concurrent uploads.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { OpenedBlob, Store } from './types.js'

export const LIMITS = { maxBytes: 1024, maxTotalBytes: 1_000_000 }

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

/** `data` as a body arriving in small chunks; `read` counts the chunks handed out. */
export async function* chunks(data: Uint8Array, size = 7, read = { chunks: 0 }): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.byteLength; offset += size) {
    read.chunks += 1
    yield data.slice(offset, offset + size)
  }
}

export async function readAll(blob: OpenedBlob): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const part of blob.stream()) parts.push(part)
  return new Uint8Array(Buffer.concat(parts))
}

const bytes = (length: number, seed = 1) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 255)

/** A body that sends `first`, says so, and then waits for `finish()` before sending nothing more. */
function heldBody(first: Uint8Array) {
  let sent!: () => void
  let finish!: () => void
  const firstSent = new Promise<void>((resolve) => {
    sent = resolve
  })
  const finished = new Promise<void>((resolve) => {
    finish = resolve
  })
  async function* body() {
    yield first
    sent()
    await finished
  }
  return { body: body(), firstSent, finish }
}

export function describeBlobContract(current: () => Store): void {
  describe('blobs', () => {
    it('streams a blob in and out by its hash, and stores it once', async () => {
      const store = current()
      const data = bytes(100)
      const hash = sha256(data)
      expect(await store.hasBlob(hash)).toBe(false)
      expect(await store.openBlob(hash)).toBeNull()
      expect(await store.putBlob(hash, 'text/plain', chunks(data), LIMITS)).toEqual({
        result: 'stored',
        bytes: 100,
      })
      expect(await store.putBlob(hash, 'image/png', chunks(data), LIMITS)).toEqual({ result: 'existing' })
      expect(await store.hasBlob(hash)).toBe(true)
      const blob = await store.openBlob(hash)
      expect(blob).toMatchObject({ type: 'text/plain', size: 100 })
      if (blob === null) throw new Error('blob missing')
      expect(await readAll(blob)).toEqual(data)
      expect(await readAll(blob)).toEqual(data)
      expect(store.usage()).toEqual({ bytes: 100, count: 1 })
    })

    it('stores nothing when the bytes do not match the hash', async () => {
      const store = current()
      const sent = bytes(50, 1)
      const claimed = sha256(bytes(50, 2))
      expect(await store.putBlob(claimed, 'text/plain', chunks(sent), LIMITS)).toEqual({
        result: 'hashMismatch',
        actualHash: sha256(sent),
        bytes: 50,
      })
      expect(await store.hasBlob(claimed)).toBe(false)
      expect(await store.hasBlob(sha256(sent))).toBe(false)
      expect(store.usage()).toEqual({ bytes: 0, count: 0 })
    })

    it('stops reading a body at the first chunk over the size limit, and stores nothing', async () => {
      const store = current()
      const data = bytes(100)
      const read = { chunks: 0 }
      const limits = { ...LIMITS, maxBytes: 20 }
      expect(await store.putBlob(sha256(data), 'text/plain', chunks(data, 7, read), limits)).toEqual({
        result: 'tooLarge',
      })
      expect(read.chunks).toBe(3)
      expect(await store.hasBlob(sha256(data))).toBe(false)
      expect(store.usage()).toEqual({ bytes: 0, count: 0 })
      const fits = bytes(20)
      expect(await store.putBlob(sha256(fits), 'text/plain', chunks(fits), limits)).toMatchObject({
        result: 'stored',
      })
    })

    it('refuses a blob that would take storage over the quota', async () => {
      const store = current()
      const limits = { ...LIMITS, maxTotalBytes: 100 }
      const [a, b, c] = [bytes(60, 1), bytes(50, 2), bytes(40, 3)]
      expect(await store.putBlob(sha256(a), 'text/plain', chunks(a), limits)).toMatchObject({
        result: 'stored',
      })
      expect(await store.putBlob(sha256(b), 'text/plain', chunks(b), limits)).toEqual({ result: 'overQuota' })
      expect(await store.hasBlob(sha256(b))).toBe(false)
      expect(await store.putBlob(sha256(c), 'text/plain', chunks(c), limits)).toMatchObject({
        result: 'stored',
      })
      expect(store.usage()).toEqual({ bytes: 100, count: 2 })
    })

    it('counts uploads still arriving against the quota', async () => {
      const store = current()
      const limits = { ...LIMITS, maxTotalBytes: 50 }
      const first = bytes(30, 1)
      const held = heldBody(first)
      const arriving = store.putBlob(sha256(first), 'text/plain', held.body, limits)
      await held.firstSent
      const second = bytes(30, 2)
      expect(await store.putBlob(sha256(second), 'text/plain', chunks(second), limits)).toEqual({
        result: 'overQuota',
      })
      held.finish()
      expect(await arriving).toEqual({ result: 'stored', bytes: 30 })
      expect(store.usage()).toEqual({ bytes: 30, count: 1 })
    })

    it('counts one blob uploaded twice at once only once', async () => {
      const store = current()
      const data = bytes(40)
      const [one, two] = [heldBody(data), heldBody(data)]
      const uploads = [one, two].map((held) => store.putBlob(sha256(data), 'text/plain', held.body, LIMITS))
      await Promise.all([one.firstSent, two.firstSent])
      one.finish()
      two.finish()
      const results = (await Promise.all(uploads)).map((outcome) => outcome.result).sort()
      expect(results).toEqual(['existing', 'stored'])
      expect(store.usage()).toEqual({ bytes: 40, count: 1 })
    })

    it('stores nothing when the body fails midway, and takes the blob again afterwards', async () => {
      const store = current()
      const data = bytes(30)
      async function* failing() {
        yield data.slice(0, 10)
        throw new Error('client went away')
      }
      await expect(store.putBlob(sha256(data), 'text/plain', failing(), LIMITS)).rejects.toThrow(
        'client went away',
      )
      expect(await store.hasBlob(sha256(data))).toBe(false)
      expect(store.usage()).toEqual({ bytes: 0, count: 0 })
      expect(await store.putBlob(sha256(data), 'text/plain', chunks(data), LIMITS)).toMatchObject({
        result: 'stored',
      })
    })
  })
}
