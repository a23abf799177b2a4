import { describe, expect, it } from 'vitest'
import { type BusMessage, decodeBusMessage, encodeBusMessage } from './busMessages.js'

describe('bus messages', () => {
  it('round-trips rows and ephemeral messages', () => {
    const messages: BusMessage[] = [
      {
        kind: 'rows',
        origin: 'relay-a',
        sentAtMs: 1_795_000_000_123.5,
        rows: [
          { seq: 7, update: new Uint8Array([1, 2, 3]) },
          { seq: 8, update: new Uint8Array([]) },
        ],
      },
      {
        kind: 'ephemeral',
        origin: 'b',
        sentAtMs: 5,
        type: 'awareness',
        to: null,
        payload: new Uint8Array([9]),
      },
      {
        kind: 'ephemeral',
        origin: 'b',
        sentAtMs: 5,
        type: 'signal',
        to: 'b/42',
        payload: new Uint8Array([]),
      },
    ]
    for (const message of messages) expect(decodeBusMessage(encodeBusMessage(message))).toEqual(message)
  })

  it('reads garbage and unknown kinds as nothing, without throwing', () => {
    expect(decodeBusMessage(new Uint8Array([]))).toBeNull()
    expect(decodeBusMessage(new Uint8Array([0, 200]))).toBeNull()
    const unknownKind = encodeBusMessage({ kind: 'rows', origin: 'x', sentAtMs: 0, rows: [] })
    unknownKind[0] = 9
    expect(decodeBusMessage(unknownKind)).toBeNull()
  })
})
