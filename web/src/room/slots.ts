// One slot per value of the log, as the fold keeps it: what the value is, whether its signature
// has been checked, and what it shows. Only accepted slots (verified, or legacy) reach the view.
import type { Envelope } from '@parley/protocol'
import type { LogId } from './log'
import { readLogValue } from './logValue'
import type { Entry } from './schema'
import type { TimelineItem } from './timeline'

/**
 * - `pending`: signed, its signature not checked yet; `checking`: being checked now.
 * - `valid`: signed and verified for this room (or known valid to this device); `bad`: it is not.
 * - `legacy`: an unsigned entry from before signatures, shown unverified.
 * - `unsigned`: a new-format entry without a signature, ignored; `unreadable`: a signed body this
 *   app does not read (an unknown type), ignored without checking.
 */
export type SlotState = 'pending' | 'checking' | 'valid' | 'bad' | 'legacy' | 'unsigned' | 'unreadable'

export interface Slot {
  readonly logId: LogId
  /** The value exactly as the log holds it (what the view cache keeps). */
  readonly value: unknown
  readonly envelope: Envelope | null
  readonly entry: Entry | null
  state: SlotState
  /** Its entry is part of the view: accepted, and the first of its id in log order. */
  applied: boolean
  /** Its timeline item while applied; null for modifiers, profiles and everything not shown. */
  item: TimelineItem | null
}

/**
 * What this device already knows of the envelope at `logId` without checking it: true (valid:
 * written here, or verified here before), false (known bad) or null (check it).
 */
export type Trust = (logId: LogId, envelope: Envelope) => boolean | null

export const TRUST_NOTHING: Trust = () => null

export function isAccepted(slot: Slot | null | undefined): slot is Slot & { entry: Entry } {
  return slot?.state === 'valid' || slot?.state === 'legacy'
}

export function isPending(slot: Slot | null | undefined): slot is Slot & { envelope: Envelope } {
  return slot?.state === 'pending' || slot?.state === 'checking'
}

function slotOf(
  logId: LogId,
  value: unknown,
  envelope: Envelope | null,
  entry: Entry | null,
  state: SlotState,
): Slot {
  return { logId, value, envelope, entry, state, applied: false, item: null }
}

/** The slot for `value`, or null for a value this app does not read at all. */
export function makeSlot(value: unknown, logId: LogId, trust: Trust): Slot | null {
  const read = readLogValue(value)
  if (read === null) return null
  if (read.kind === 'legacy') return slotOf(logId, value, null, read.entry, 'legacy')
  if (read.kind === 'unsigned') return slotOf(logId, value, null, null, 'unsigned')
  const { envelope, entry } = read
  if (entry === null) return slotOf(logId, value, envelope, null, 'unreadable')
  const known = trust(logId, envelope)
  return slotOf(logId, value, envelope, entry, known === true ? 'valid' : known === false ? 'bad' : 'pending')
}

/** Inserts `items` at `index` without spreading them into arguments (100k would overflow the stack). */
export function insertAt<T>(array: T[], index: number, items: readonly T[]): T[] {
  if (index >= array.length) {
    for (const item of items) array.push(item)
    return array
  }
  if (items.length < 1000) {
    array.splice(index, 0, ...items)
    return array
  }
  return array.slice(0, index).concat(items, array.slice(index))
}

/** Log ids as a lookup: `client` -> clocks. */
export class LogIdMap<T> {
  private readonly byClient = new Map<number, Map<number, T>>()

  set(id: LogId, value: T): void {
    let clocks = this.byClient.get(id.client)
    if (clocks === undefined) {
      clocks = new Map()
      this.byClient.set(id.client, clocks)
    }
    clocks.set(id.clock, value)
  }

  get(id: LogId): T | undefined {
    return this.byClient.get(id.client)?.get(id.clock)
  }
}
