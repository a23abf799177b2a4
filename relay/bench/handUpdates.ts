// Updates written byte by byte in Yjs's v1 format rather than through a Y.Doc. A hostile client
// need not use Yjs at all; and a writer of a long single-author log must not hold a doc, since
// Yjs merges each new entry into the previous item by copying its whole array (an O(n) append
// that would make the harness, not the relay, the bottleneck).
import * as encoding from 'lib0/encoding'

/** Content reference of ContentAny in the v1 update format. */
const CONTENT_ANY = 8
const BIT_ORIGIN = 0x80

/**
 * One entry by `client` at `clock` in the root array `messages`. With `afterOwn`, its left origin
 * is the same client's previous entry (clock - 1), as Yjs writes an append; without, it has no
 * origin and names its parent, as Yjs writes an insert at the start.
 */
export function entryUpdate(client: number, clock: number, value: unknown, afterOwn: boolean): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1) // clients
  encoding.writeVarUint(encoder, 1) // structs of this client
  encoding.writeVarUint(encoder, client)
  encoding.writeVarUint(encoder, clock)
  if (afterOwn) {
    encoding.writeUint8(encoder, CONTENT_ANY | BIT_ORIGIN)
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, clock - 1)
  } else {
    encoding.writeUint8(encoder, CONTENT_ANY)
    encoding.writeVarUint(encoder, 1) // the parent is a root type, by name
    encoding.writeVarString(encoder, 'messages')
  }
  encoding.writeVarUint(encoder, 1) // one value
  encoding.writeAny(encoder, value as never)
  encoding.writeVarUint(encoder, 0) // empty delete set
  return encoding.toUint8Array(encoder)
}
