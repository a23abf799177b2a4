// The relay's opt-in durable acknowledgement (relay/PROTOCOL.md, types 100 and 101), as pure
// encode/decode functions. Stock y-websocket peers never see these types.
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'

export { encodeDurableSubscribe, MESSAGE_DURABLE, MESSAGE_DURABLE_SUBSCRIBE } from '@parley/protocol'

export type StateVector = ReadonlyMap<number, number>

/** Reads the payload of a `durable` message whose type the caller has already read. */
export function readDurable(decoder: decoding.Decoder): StateVector {
  return Y.decodeStateVector(decoding.readVarUint8Array(decoder))
}

export function encodeStateVector(stateVector: StateVector): Uint8Array {
  return Y.encodeStateVector(new Map(stateVector))
}

/** Whether `next` says something is stored that `current` did not; avoids needless re-renders. */
export function durableAdvanced(current: StateVector, next: StateVector): boolean {
  if (current.size !== next.size) return true
  for (const [client, clock] of next) if (current.get(client) !== clock) return true
  return false
}
