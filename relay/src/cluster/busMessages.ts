// What relays of a cluster tell each other through the bus, and its binary encoding. Rows are a
// hint that something was stored (PostgreSQL is the record); ephemeral messages (presence now,
// and any later message meant for connections of a room, such as one addressed to a single
// connection) exist only on the bus and are never stored.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { StoredRow } from '../store/types.js'

const KIND_ROWS = 0
const KIND_EPHEMERAL = 1
const KIND_HEAD = 2

/** Ephemeral message types a relay understands; an unknown one is ignored (an older relay). */
export const EPHEMERAL_AWARENESS = 'awareness'
/** A call signal (type 105 frame) for the connection holding awareness client id `to`. */
export const EPHEMERAL_SIGNAL = 'signal'

interface Envelope {
  /** The relay that published it: a relay skips its own messages. */
  origin: string
  /** Wall-clock ms at publishing, for the bus lag metric (relays' clocks are assumed in sync). */
  sentAtMs: number
}

export interface RowsMessage extends Envelope {
  kind: 'rows'
  rows: StoredRow[]
}

export interface EphemeralMessage extends Envelope {
  kind: 'ephemeral'
  type: string
  /** One connection's id on some relay, or null for every connection of the room. */
  to: string | null
  payload: Uint8Array
}

/**
 * The last seq the origin stored in the room: sent after the origin's bus comes back and now and
 * then, so rows whose publication was lost at the tail (nothing after them to show the hole) are
 * still repaired.
 */
export interface HeadMessage extends Envelope {
  kind: 'head'
  seq: number
}

export type BusMessage = RowsMessage | EphemeralMessage | HeadMessage

export function encodeBusMessage(message: BusMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(
    encoder,
    message.kind === 'rows' ? KIND_ROWS : message.kind === 'ephemeral' ? KIND_EPHEMERAL : KIND_HEAD,
  )
  encoding.writeVarString(encoder, message.origin)
  encoding.writeFloat64(encoder, message.sentAtMs)
  if (message.kind === 'head') {
    encoding.writeVarUint(encoder, message.seq)
  } else if (message.kind === 'rows') {
    encoding.writeVarUint(encoder, message.rows.length)
    for (const row of message.rows) {
      encoding.writeVarUint(encoder, row.seq)
      encoding.writeVarUint8Array(encoder, row.update)
    }
  } else {
    encoding.writeVarString(encoder, message.type)
    encoding.writeVarString(encoder, message.to ?? '')
    encoding.writeVarUint8Array(encoder, message.payload)
  }
  return encoding.toUint8Array(encoder)
}

/** Decodes a bus message; null for one this relay cannot read (never throws on bad input). */
export function decodeBusMessage(bytes: Uint8Array): BusMessage | null {
  try {
    const decoder = decoding.createDecoder(bytes)
    const kind = decoding.readVarUint(decoder)
    const origin = decoding.readVarString(decoder)
    const sentAtMs = decoding.readFloat64(decoder)
    if (kind === KIND_ROWS) {
      const count = decoding.readVarUint(decoder)
      const rows: StoredRow[] = []
      for (let i = 0; i < count; i++) {
        const seq = decoding.readVarUint(decoder)
        rows.push({ seq, update: decoding.readVarUint8Array(decoder) })
      }
      return { kind: 'rows', origin, sentAtMs, rows }
    }
    if (kind === KIND_HEAD) return { kind: 'head', origin, sentAtMs, seq: decoding.readVarUint(decoder) }
    if (kind !== KIND_EPHEMERAL) return null
    const type = decoding.readVarString(decoder)
    const to = decoding.readVarString(decoder)
    const payload = decoding.readVarUint8Array(decoder)
    return { kind: 'ephemeral', origin, sentAtMs, type, to: to === '' ? null : to, payload }
  } catch {
    return null
  }
}
