// What this device has already verified of a room, kept beside its history so that a reload does
// not check 100k signatures again: a state vector (every value below it was checked) and the ids
// of the values whose signature failed. Written only once nothing is pending, so the vector never
// covers an unchecked value. A fresh device has no record and checks everything it receives.
import type { LogId, VerifiedState } from '../room'

const FORMAT_VERSION = 1
/** A room with more forged entries than this is simply checked again on the next load. */
export const MAX_BAD_IDS = 10_000

const isClock = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0

function pairs(raw: unknown): [number, number][] | null {
  if (!Array.isArray(raw)) return null
  const out: [number, number][] = []
  for (const pair of raw) {
    if (!Array.isArray(pair) || pair.length !== 2 || !isClock(pair[0]) || !isClock(pair[1])) return null
    out.push([pair[0], pair[1]])
  }
  return out
}

/** The record's text, or null when it would be too large to be worth keeping. */
export function encodeVerified(state: VerifiedState): string | null {
  if (state.bad.length > MAX_BAD_IDS) return null
  return JSON.stringify({
    v: FORMAT_VERSION,
    vector: [...state.vector].sort((a, b) => a[0] - b[0]),
    bad: state.bad.map(({ client, clock }) => [client, clock]),
  })
}

export function decodeVerified(stored: unknown): VerifiedState | null {
  if (typeof stored !== 'string') return null
  try {
    const parsed = JSON.parse(stored) as { v?: unknown; vector?: unknown; bad?: unknown }
    if (parsed?.v !== FORMAT_VERSION) return null
    const vector = pairs(parsed.vector)
    const bad = pairs(parsed.bad)
    if (vector === null || bad === null || bad.length > MAX_BAD_IDS) return null
    return { vector: new Map(vector), bad: bad.map(([client, clock]): LogId => ({ client, clock })) }
  } catch {
    return null
  }
}
