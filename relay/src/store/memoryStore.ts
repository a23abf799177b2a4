// A store that keeps rooms and blobs in memory: for tests of room logic and as the contract's
// second implementation. Not durable; blobs are buffered whole, which is fine at test sizes.
import { type BlobLedger, createBlobLedger, receiveBlob } from './blobIntake.js'
import type { BlobStore, Store } from './types.js'

interface MemoryBlob {
  type: string
  data: Uint8Array
}

export function createMemoryStore(): Store {
  const rooms = new Map<string, Uint8Array[]>()
  const updatesOf = (room: string): Uint8Array[] => {
    let updates = rooms.get(room)
    if (updates === undefined) {
      updates = []
      rooms.set(room, updates)
    }
    return updates
  }
  const blobs = new Map<string, MemoryBlob>()
  return {
    async load(room) {
      return [...(rooms.get(room) ?? [])]
    },
    async append(batch) {
      for (const { room, update } of batch) updatesOf(room).push(update.slice())
    },
    async compact(room, merge) {
      const updates = [...(rooms.get(room) ?? [])]
      if (updates.length < 2) return
      const snapshot = await merge(updates)
      const appendedMeanwhile = (rooms.get(room) ?? []).slice(updates.length)
      rooms.set(room, [snapshot, ...appendedMeanwhile])
    },
    async stats(room) {
      const updates = rooms.get(room) ?? []
      return { updates: updates.length, bytes: updates.reduce((sum, update) => sum + update.byteLength, 0) }
    },
    ...memoryBlobStore(blobs, createBlobLedger({ bytes: 0, count: 0 })),
    async close() {
      rooms.clear()
      blobs.clear()
    },
  }
}

function memoryBlobStore(blobs: Map<string, MemoryBlob>, ledger: BlobLedger): BlobStore {
  return {
    async putBlob(hash, type, body, limits) {
      if (blobs.has(hash)) return { result: 'existing' }
      const chunks: Uint8Array[] = []
      const received = await receiveBlob(hash, body, limits, ledger, async (chunk) => {
        chunks.push(chunk.slice())
      })
      if (received.result !== 'received') return received
      // Another upload of the same bytes may have finished while this one was arriving.
      const stored = !blobs.has(hash)
      if (stored) blobs.set(hash, { type, data: new Uint8Array(Buffer.concat(chunks)) })
      ledger.settle(received.bytes, stored)
      return stored ? { result: 'stored', bytes: received.bytes } : { result: 'existing' }
    },
    async openBlob(hash) {
      const blob = blobs.get(hash)
      if (blob === undefined) return null
      return {
        type: blob.type,
        size: blob.data.byteLength,
        async *stream() {
          yield blob.data.slice()
        },
      }
    },
    async hasBlob(hash) {
      return blobs.has(hash)
    },
    usage: () => ledger.usage(),
  }
}
