// Reads a room's history from this device's IndexedDB into a fresh doc, without the relay, for
// offline search across rooms. The doc is never written to, so nothing is stored back.
import type { VerifyEd25519 } from '@parley/protocol'
import { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import { createFold, type RoomSnapshot } from '../room'
import { readRawSmallValues } from './earlyRead'
import { createLocalTrust } from './localTrust'
import { decodeVerified } from './verifiedRecord'
import { decodeCachedView } from './viewCache'

/** Give up on a room whose database does not answer (blocked, or being deleted). */
const READ_TIMEOUT_MS = 10_000

/** The IndexedDB database a room's history lives in: the name openRoom gives y-indexeddb. */
export function localDbName(roomId: string): string {
  return `parley:${roomId}`
}

/** The room's local history, or null if it could not be read in time. Destroy the doc after use. */
export async function readLocalRoom(roomId: string): Promise<Y.Doc | null> {
  const doc = new Y.Doc()
  const persistence = new IndexeddbPersistence(localDbName(roomId), doc)
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), READ_TIMEOUT_MS)
  })
  try {
    const outcome = await Promise.race([persistence.whenSynced, timeout])
    if (outcome === 'timeout') {
      doc.destroy()
      return null
    }
    return doc
  } finally {
    clearTimeout(timer)
    await persistence.destroy()
  }
}

/**
 * The room's view as folded from this device's IndexedDB, every signature checked (or known
 * checked from the room's verified state): what search reads. Null if it could not be read.
 */
export async function foldLocalRoom(roomId: string, verify: VerifyEd25519): Promise<RoomSnapshot | null> {
  const [doc, raw] = await Promise.all([
    readLocalRoom(roomId),
    readRawSmallValues(localDbName(roomId)).catch(() => null),
  ])
  if (doc === null) return null
  const local = createLocalTrust()
  local.accept({ verified: decodeVerified(raw?.verified), view: decodeCachedView(raw?.view) })
  const fold = createFold(doc, { room: roomId, verify, trust: local.trust })
  try {
    await fold.whenVerified()
    return fold.getSnapshot()
  } finally {
    fold.close()
    doc.destroy()
  }
}
