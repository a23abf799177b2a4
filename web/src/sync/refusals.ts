// The relay's permanent refusals of this device's entries (relay/PROTOCOL.md, type 103), as the
// room keeps them: a short list that survives reloads, matched against log ids. Pure.
//
// Invariant: what the relay has stored (`durable`) wins. A refused item can still be stored later
// (an update refused because a dependency never arrived is accepted when it is sent again with
// that dependency), so an item counts as refused only while it is not durable, and a refusal
// whose items are all durable is forgotten.
import { type ItemRange, isPermanentRefusal, type Refusal, rangesInclude } from '@parley/protocol'
import type { StateVector } from './durable'

export type { ItemRange, Refusal }

/** Refusals kept per room; a device that needs more than this has to repair the room anyway. */
export const MAX_KEPT_REFUSALS = 32
/** Ranges kept per refusal and list (the relay sends few; this only bounds what we store). */
const MAX_RANGES = 256
const FORMAT_VERSION = 1

/** What the person is told while the relay cannot store (code 4503): nothing for them to do. */
export const UNAVAILABLE_MESSAGE = 'The relay cannot store right now; your messages will be sent when it can.'

function sameRanges(a: readonly ItemRange[], b: readonly ItemRange[]): boolean {
  return (
    a.length === b.length &&
    a.every((range, i) => {
      const other = b[i]
      return other?.client === range.client && other.clock === range.clock && other.length === range.length
    })
  )
}

function sameRefusal(a: Refusal, b: Refusal): boolean {
  return (
    a.code === b.code &&
    a.reason === b.reason &&
    sameRanges(a.offending, b.offending) &&
    sameRanges(a.dropped, b.dropped)
  )
}

/**
 * `list` with `refusal` added, newest last. Transient refusals and refusals that name no item are
 * not kept (there is nothing to mark); the same refusal again (the resend on every reconnect) is
 * kept once. Returns `list` itself when nothing changed.
 */
export function addRefusal(list: readonly Refusal[], refusal: Refusal): readonly Refusal[] {
  if (!isPermanentRefusal(refusal.code) || refusal.dropped.length === 0) return list
  if (list.some((kept) => sameRefusal(kept, refusal))) return list
  return [...list, refusal].slice(-MAX_KEPT_REFUSALS)
}

function rangeStored(range: ItemRange, durable: StateVector): boolean {
  return (durable.get(range.client) ?? 0) >= range.clock + range.length
}

/** `list` without the refusals whose every item the relay has stored since; `list` itself if none. */
export function pruneStored(list: readonly Refusal[], durable: StateVector): readonly Refusal[] {
  const kept = list.filter((refusal) => !refusal.dropped.every((range) => rangeStored(range, durable)))
  return kept.length === list.length ? list : kept
}

export interface RefusalMatch {
  refusal: Refusal
  /** The item itself broke the rule; false when it was refused with or after one that did. */
  offending: boolean
}

/**
 * Why the item written by `client` at `clock` was refused for good, or null if it was not (or the
 * relay has stored it since). Prefers a refusal naming it as offending: that one says what is wrong
 * with it, the others only that it came with or after something refused.
 */
export function refusalOf(
  list: readonly Refusal[],
  id: { client: number; clock: number },
  durable: StateVector,
): RefusalMatch | null {
  if ((durable.get(id.client) ?? 0) > id.clock) return null
  let dropped: Refusal | null = null
  for (const refusal of list) {
    if (rangesInclude(refusal.offending, id.client, id.clock)) return { refusal, offending: true }
    if (dropped === null && rangesInclude(refusal.dropped, id.client, id.clock)) dropped = refusal
  }
  return dropped === null ? null : { refusal: dropped, offending: false }
}

/** Every item range of `list` that is not stored, for reading those entries from the doc. */
export function unstoredRanges(list: readonly Refusal[], durable: StateVector): ItemRange[] {
  const ranges: ItemRange[] = []
  for (const refusal of list) {
    for (const range of refusal.dropped) {
      const stored = Math.max(range.clock, durable.get(range.client) ?? 0)
      const end = range.clock + range.length
      if (stored < end) ranges.push({ client: range.client, clock: stored, length: end - stored })
    }
  }
  return ranges
}

const toTuples = (ranges: readonly ItemRange[]) =>
  ranges.map(({ client, clock, length }) => [client, clock, length])

export function encodeRefusals(list: readonly Refusal[]): string {
  return JSON.stringify({
    v: FORMAT_VERSION,
    refusals: list.map((refusal) => [
      refusal.code,
      refusal.reason,
      toTuples(refusal.offending),
      toTuples(refusal.dropped),
    ]),
  })
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function decodeRanges(raw: unknown): ItemRange[] | null {
  if (!Array.isArray(raw) || raw.length > MAX_RANGES) return null
  const ranges: ItemRange[] = []
  for (const tuple of raw) {
    if (!Array.isArray(tuple) || tuple.length !== 3 || !tuple.every(isCount)) return null
    const [client, clock, length] = tuple as number[]
    if (client === undefined || clock === undefined || length === undefined) return null
    ranges.push({ client, clock, length })
  }
  return ranges
}

function decodeRefusal(raw: unknown): Refusal | null {
  if (!Array.isArray(raw) || raw.length !== 4) return null
  const [code, reason, offendingRaw, droppedRaw] = raw as unknown[]
  if (!isCount(code) || typeof reason !== 'string') return null
  const offending = decodeRanges(offendingRaw)
  const dropped = decodeRanges(droppedRaw)
  if (offending === null || dropped === null) return null
  return { code, reason, offending, dropped }
}

/** The refusals in `stored`; an empty list for anything this module did not write. */
export function decodeRefusals(stored: unknown): Refusal[] {
  if (typeof stored !== 'string') return []
  try {
    const parsed = JSON.parse(stored) as { v?: unknown; refusals?: unknown }
    if (parsed?.v !== FORMAT_VERSION || !Array.isArray(parsed.refusals)) return []
    const list = parsed.refusals.slice(-MAX_KEPT_REFUSALS).map(decodeRefusal)
    return list.every((refusal) => refusal !== null) ? (list as Refusal[]) : []
  } catch {
    return []
  }
}
