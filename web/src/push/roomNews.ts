// What the service worker learns of a room when a push names it: this device's stored copy from
// IndexedDB, then what the relay has beyond it, folded and verified by the app's own room code
// (every signature checked, as in the open app). Nothing is written back: the app stores the
// room itself when it next opens it.
import type { VerifyEd25519 } from '@parley/protocol'
import * as Y from 'yjs'
import { createFold, type TimelineItem } from '../room'
import { readRawSmallValues } from '../sync/earlyRead'
import { createLocalTrust } from '../sync/localTrust'
import { localDbName, readLocalRoom } from '../sync/readLocalRoom'
import { catchUpWithRelay } from '../sync/relayCatchUp'
import { decodeVerified } from '../sync/verifiedRecord'
import { decodeCachedView } from '../sync/viewCache'
import { furthest, type KnownVector } from './newMention'

/** The push event must end; a relay that has not answered by then is treated as unreachable. */
const RELAY_TIMEOUT_MS = 8_000
/** Longest the signatures of the new entries may take to check. */
const VERIFY_TIMEOUT_MS = 8_000

export interface RoomNews {
  /** The room's view once the relay's entries are in, every shown entry verified. */
  timeline: readonly TimelineItem[]
  /** What this device held before asking the relay, or had looked at for an earlier push. */
  known: KnownVector
  /** The doc's encoded state vector once the relay's entries are in: looked at now. */
  reached: Uint8Array
}

export interface RoomNewsOptions {
  serverUrl: string
  accessToken: string | null
  verify: VerifyEd25519
  /** How far an earlier push looked (an encoded state vector), if one did. */
  checked: Uint8Array | null
}

function within<T>(promise: Promise<T>, ms: number, late: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** The room as the relay has it now, or null when the relay or the signatures did not answer in time. */
export async function fetchRoomNews(roomId: string, options: RoomNewsOptions): Promise<RoomNews | null> {
  const [stored, raw] = await Promise.all([
    readLocalRoom(roomId).catch(() => null),
    readRawSmallValues(localDbName(roomId)).catch(() => null),
  ])
  const doc = stored ?? new Y.Doc()
  const held = Y.decodeStateVector(Y.encodeStateVector(doc))
  const known = options.checked === null ? held : furthest(held, Y.decodeStateVector(options.checked))
  const local = createLocalTrust()
  local.accept({ verified: decodeVerified(raw?.verified), view: decodeCachedView(raw?.view) })
  const fold = createFold(doc, { room: roomId, verify: options.verify, trust: local.trust })
  // The verified record speaks only for the history just read: what the relay sends is checked.
  local.historyLoaded()
  try {
    const synced = await catchUpWithRelay(doc, roomId, { ...options, timeoutMs: RELAY_TIMEOUT_MS })
    if (!synced) return null
    const verified = await within(
      fold.whenVerified().then(() => true),
      VERIFY_TIMEOUT_MS,
      false,
    )
    if (!verified) return null
    return { timeline: fold.getSnapshot().timeline, known, reached: Y.encodeStateVector(doc) }
  } finally {
    fold.close()
    doc.destroy()
  }
}
