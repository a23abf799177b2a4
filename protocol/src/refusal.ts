// The relay's refusal of one update (relay/PROTOCOL.md, types 102 and 103). A refused update ends
// that update, not the session: the connection keeps reading, and a subscribed client learns which
// of its items were not applied and why, so it can show them and recover.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { CLOSE_UNAVAILABLE, MESSAGE_REFUSED } from './wire.js'

/** Items `clock` .. `clock + length - 1` written by Yjs client `client`. */
export interface ItemRange {
  client: number
  clock: number
  length: number
}

export interface Refusal {
  /** Why, as a close code: 4400 malformed, 4403 forbidden, 4413 too large, 4424 missing dependency, 4503 unavailable. */
  code: number
  /** One line for people, e.g. "too large: entry of 20480 bytes over 16384". */
  reason: string
  /** The entries that broke a rule; empty when the update as a whole was refused (e.g. unavailable). */
  offending: ItemRange[]
  /** Every item of the update the relay did not already have; none of them was applied. */
  dropped: ItemRange[]
}

/** Longest reason sent, in UTF-16 units (a close frame's reason has room for about this much). */
export const MAX_REFUSAL_REASON_CHARS = 200

/**
 * Whether sending the same items again can never succeed. A transient refusal (storage failing)
 * is retried by the relay itself: it asks the client for what it lacks once it can store again.
 */
export function isPermanentRefusal(code: number): boolean {
  return code !== CLOSE_UNAVAILABLE
}

export function encodeRefused(refusal: Refusal): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_REFUSED)
  encoding.writeVarUint(encoder, refusal.code)
  encoding.writeVarString(encoder, refusal.reason.slice(0, MAX_REFUSAL_REASON_CHARS))
  writeRanges(encoder, refusal.offending)
  writeRanges(encoder, refusal.dropped)
  return encoding.toUint8Array(encoder)
}

/** Reads the payload of a `refused` message whose type the caller has already read. */
export function readRefused(decoder: decoding.Decoder): Refusal {
  const code = decoding.readVarUint(decoder)
  const reason = decoding.readVarString(decoder)
  const offending = readRanges(decoder)
  return { code, reason, offending, dropped: readRanges(decoder) }
}

function writeRanges(encoder: encoding.Encoder, ranges: readonly ItemRange[]): void {
  encoding.writeVarUint(encoder, ranges.length)
  for (const range of ranges) {
    encoding.writeVarUint(encoder, range.client)
    encoding.writeVarUint(encoder, range.clock)
    encoding.writeVarUint(encoder, range.length)
  }
}

function readRanges(decoder: decoding.Decoder): ItemRange[] {
  const count = decoding.readVarUint(decoder)
  const ranges: ItemRange[] = []
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    ranges.push({ client, clock, length: decoding.readVarUint(decoder) })
  }
  return ranges
}

/** Whether the item (client, clock) lies in one of `ranges`. */
export function rangesInclude(ranges: readonly ItemRange[], client: number, clock: number): boolean {
  return ranges.some(
    (range) => range.client === client && clock >= range.clock && clock < range.clock + range.length,
  )
}
