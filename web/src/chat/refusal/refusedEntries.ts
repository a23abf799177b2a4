// The entries of this device's copy of a room that the relay refused for good and has not stored,
// each with why: what the banner counts, Export writes and the composer waits on.
import type * as Y from 'yjs'
import { entriesInRanges, type LogId } from '../../room'
import { type Refusal, refusalOf, type StateVector, unstoredRanges } from '../../sync'

export interface RefusedEntry {
  logId: LogId
  /** The entry as it is in the log. */
  value: unknown
  code: number
  /** The relay's reason, as sent. */
  reason: string
  /** The entry itself broke the rule (rather than coming with or after one that did). */
  offending: boolean
}

const NONE: readonly RefusedEntry[] = Object.freeze([])

/** Looks up only the refused ranges, so it costs what they cover, not the room's size. */
export function findRefused(
  doc: Y.Doc,
  refusals: readonly Refusal[],
  durable: StateVector,
): readonly RefusedEntry[] {
  if (refusals.length === 0) return NONE
  const found: RefusedEntry[] = []
  for (const { logId, value } of entriesInRanges(doc, unstoredRanges(refusals, durable))) {
    const match = refusalOf(refusals, logId, durable)
    if (match === null) continue
    const { code, reason } = match.refusal
    found.push({ logId, value, code, reason, offending: match.offending })
  }
  return found.length === 0 ? NONE : found
}

export interface RefusedInputs {
  refusals: readonly Refusal[]
  durable: StateVector
  /** Changes whenever the log does (the fold's version). */
  version: number
}

/**
 * `findRefused` for a room that changes, recomputed only when one of its inputs did: the same
 * array comes back otherwise, as React's useSyncExternalStore requires.
 */
export function createRefusedSource(doc: Y.Doc, read: () => RefusedInputs): () => readonly RefusedEntry[] {
  let last: RefusedInputs | null = null
  let entries = NONE
  return () => {
    const inputs = read()
    if (inputs.refusals.length === 0) return NONE
    if (
      last?.refusals === inputs.refusals &&
      last.durable === inputs.durable &&
      last.version === inputs.version
    ) {
      return entries
    }
    last = inputs
    entries = doc.isDestroyed ? entries : findRefused(doc, inputs.refusals, inputs.durable)
    return entries
  }
}
