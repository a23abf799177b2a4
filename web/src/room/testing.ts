// Helpers shared by the room model's tests.
import * as Y from 'yjs'
import type { FoldState } from './foldState'
import type { Author } from './schema'

export const alice: Author = { id: 'user-alice', name: 'Alice', color: '#1971c2' }
export const bob: Author = { id: 'user-bob', name: 'Bob', color: '#2f9e44' }

export function docWithClient(clientID: number): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return doc
}

/** Sends each doc what the other is missing, as two peers would after reconnecting. */
export function syncDocs(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

/** The comparable content of a fold (the version counter differs by design). */
export function viewOf(state: { getSnapshot: FoldState['getSnapshot'] }) {
  const { timeline, title, members, messageCount, lastMessage } = state.getSnapshot()
  return {
    timeline,
    title,
    members: [...members.values()].sort((a, b) => a.id.localeCompare(b.id)),
    messageCount,
    lastKey: lastMessage?.key ?? null,
  }
}

/** Deterministic PRNG (mulberry32) so a failing random test can be replayed from its seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
