import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import {
  decodeClientMessage,
  decodeDurable,
  encodeDurable,
  encodeDurableSubscribe,
  MESSAGE_SYNC,
  ProtocolError,
  roomNameFromPath,
} from './wire.js'

function syncFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_SYNC)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

describe('roomNameFromPath', () => {
  it('takes the path as the room and ignores the query', () => {
    expect(roomNameFromPath('/abc_DEF-123?token=x')).toBe('abc_DEF-123')
  })

  it('rejects empty, nested, encoded and overlong names', () => {
    for (const path of ['/', '/a/b', '/a%20b', '/../x', `/${'a'.repeat(129)}`]) {
      expect(() => roomNameFromPath(path)).toThrow(ProtocolError)
    }
  })
})

describe('decodeClientMessage', () => {
  it('decodes what a stock y-websocket client sends', () => {
    const doc = new Y.Doc()
    doc.getArray('messages').push(['x'])
    expect(decodeClientMessage(syncFrame((e) => syncProtocol.writeSyncStep1(e, doc))).type).toBe('syncStep1')
    expect(decodeClientMessage(syncFrame((e) => syncProtocol.writeSyncStep2(e, doc))).type).toBe('update')
    expect(
      decodeClientMessage(syncFrame((e) => syncProtocol.writeUpdate(e, new Uint8Array([0, 0])))).type,
    ).toBe('update')
    expect(decodeClientMessage(new Uint8Array([3]))).toEqual({ type: 'queryAwareness' })
    expect(decodeClientMessage(encodeDurableSubscribe())).toEqual({ type: 'durableSubscribe' })
  })

  it('turns garbage, truncation and unknown types into bad requests', () => {
    const cases: Array<[Uint8Array, string]> = [
      [new Uint8Array([]), 'bad request: malformed frame'],
      [new Uint8Array([0x80, 0x80]), 'bad request: malformed frame'],
      [new Uint8Array([0, 1, 50, 1]), 'bad request: malformed frame'],
      [new Uint8Array([0, 9]), 'bad request: unknown sync message type 9'],
      [new Uint8Array([2]), 'bad request: unknown message type 2'],
      [new Uint8Array([0, 0, 2, 0xff, 0xff]), 'bad request: malformed frame'],
    ]
    for (const [frame, reason] of cases) {
      expect(() => decodeClientMessage(frame)).toThrow(reason)
    }
  })
})

describe('durable acknowledgement', () => {
  it('round-trips a state vector and ignores other frames', () => {
    const doc = new Y.Doc()
    doc.getArray('messages').push([1, 2, 3])
    const decoded = decodeDurable(encodeDurable(Y.encodeStateVector(doc)))
    expect(decoded?.get(doc.clientID)).toBe(3)
    expect(decodeDurable(new Uint8Array([1, 0]))).toBeNull()
  })
})
