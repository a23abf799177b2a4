// Small values kept in a room's own IndexedDB database (the one y-indexeddb keeps its history in),
// in y-indexeddb's key-value store `custom`: the relay's last durable acknowledgement, its permanent
// refusals of this device's entries, the view cache and what this device has verified. Kept there so they live and die with the
// room's history (clearing site data, or rebuilding the room, clears all).
import * as Y from 'yjs'
import type { VerifiedState } from '../room'
import type { StateVector } from './durable'
import { readRawSmallValues, takeEarlyRead } from './earlyRead'
import { decodeRefusals, type Refusal } from './refusals'
import { decodeVerified } from './verifiedRecord'
import { type CachedView, decodeCachedView } from './viewCache'

export { DURABLE_KEY, REFUSALS_KEY, VERIFIED_KEY, VIEW_KEY } from './earlyRead'

export interface SmallValues {
  /** What the relay had stored the last time it said so; null if never. */
  durable: StateVector | null
  /** The relay's permanent refusals as last saved; empty if none. */
  refusals: Refusal[]
  view: CachedView | null
  /** The view cache exactly as stored, so an unchanged view is not written again. */
  viewText: string | null
  /** What this device verified of the room's history when it last checked (verifiedRecord.ts). */
  verified: VerifiedState | null
}

export const NO_SMALL_VALUES: SmallValues = {
  durable: null,
  refusals: [],
  view: null,
  viewText: null,
  verified: null,
}

/**
 * Reads the durable state vector, the refusals, the view cache and the verified state in one short transaction,
 * without touching the history itself, so it answers in milliseconds however large the room is.
 * Uses the read index.html started at page load when it was for this room.
 */
export async function readSmallValues(dbName: string): Promise<SmallValues> {
  const { durable, view, refusals, verified } = await (takeEarlyRead(dbName) ?? readRawSmallValues(dbName))
  return {
    durable: durable instanceof ArrayBuffer ? Y.decodeStateVector(new Uint8Array(durable)) : null,
    refusals: decodeRefusals(refusals),
    view: decodeCachedView(view),
    viewText: typeof view === 'string' ? view : null,
    verified: decodeVerified(verified),
  }
}
