import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  durableAdvanced,
  encodeDurableSubscribe,
  encodeStateVector,
  MESSAGE_DURABLE,
  readDurable,
} from './durable'

describe('durable messages', () => {
  it('subscribes with a bare type 100 frame', () => {
    expect([...encodeDurableSubscribe()]).toEqual([100])
  })

  it('reads the state vector of a type 101 frame as the relay encodes it', () => {
    const doc = new Y.Doc()
    doc.getArray('messages').push([{ a: 1 }, { b: 2 }])
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_DURABLE)
    encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc))
    const decoder = decoding.createDecoder(encoding.toUint8Array(encoder))
    expect(decoding.readVarUint(decoder)).toBe(101)
    expect(readDurable(decoder)).toEqual(new Map([[doc.clientID, 2]]))
  })

  it('round-trips a cached state vector and notices progress', () => {
    const sv = new Map([
      [1, 5],
      [2, 7],
    ])
    expect(Y.decodeStateVector(encodeStateVector(sv))).toEqual(sv)
    expect(durableAdvanced(sv, new Map(sv))).toBe(false)
    expect(durableAdvanced(sv, new Map([...sv, [2, 8]]))).toBe(true)
  })
})
