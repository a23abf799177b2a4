// A store that keeps rooms in memory: for tests of room logic and as the contract's second
// implementation. Not durable.
import type { Store, StoredBlob } from './types.js'

export function createMemoryStore(): Store {
  const rooms = new Map<string, Uint8Array[]>()
  const blobs = new Map<string, StoredBlob>()
  const updatesOf = (room: string): Uint8Array[] => {
    let updates = rooms.get(room)
    if (updates === undefined) {
      updates = []
      rooms.set(room, updates)
    }
    return updates
  }
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
    async putBlob(hash, blob) {
      if (!blobs.has(hash)) blobs.set(hash, { type: blob.type, data: blob.data.slice() })
    },
    async getBlob(hash) {
      return blobs.get(hash) ?? null
    },
    async hasBlob(hash) {
      return blobs.has(hash)
    },
    async close() {
      rooms.clear()
      blobs.clear()
    },
  }
}
