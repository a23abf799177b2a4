// A store that keeps rooms and blobs in memory: for tests of room logic and as the contract's
// second implementation. Not durable; blobs are buffered whole, which is fine at test sizes.
import { type BlobLedger, createBlobLedger, receiveBlob } from './blobIntake.js'
import type { BlobStore, Store, StoredRow } from './types.js'

interface MemoryBlob {
  type: string
  data: Uint8Array
}

export function createMemoryStore(): Store {
  const rooms = new Map<string, StoredRow[]>()
  const rowsOf = (room: string): StoredRow[] => {
    let rows = rooms.get(room)
    if (rows === undefined) {
      rows = []
      rooms.set(room, rows)
    }
    return rows
  }
  const heads = new Map<string, number>()
  const blobs = new Map<string, MemoryBlob>()
  return {
    async load(room) {
      return (rooms.get(room) ?? []).map((row) => row.update)
    },
    async readAfter(room, afterSeq) {
      return (rooms.get(room) ?? []).filter((row) => row.seq > afterSeq)
    },
    async headSeq(room) {
      return heads.get(room) ?? 0
    },
    async append(batch) {
      return batch.map(({ room, update }) => {
        const seq = (heads.get(room) ?? 0) + 1
        heads.set(room, seq)
        rowsOf(room).push({ seq, update: update.slice() })
        return seq
      })
    },
    async compact(room, merge) {
      const merged = [...(rooms.get(room) ?? [])]
      const last = merged.at(-1)
      if (merged.length < 2 || last === undefined) return
      const snapshot = await merge(merged.map((row) => row.update))
      const appendedMeanwhile = (rooms.get(room) ?? []).filter((row) => row.seq > last.seq)
      rooms.set(room, [{ seq: last.seq, update: snapshot }, ...appendedMeanwhile])
    },
    async stats(room) {
      const rows = rooms.get(room) ?? []
      return { updates: rows.length, bytes: rows.reduce((sum, row) => sum + row.update.byteLength, 0) }
    },
    ...memoryBlobStore(blobs, createBlobLedger({ bytes: 0, count: 0 })),
    async close() {
      rooms.clear()
      heads.clear()
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
