import { encodeRefused, type Refusal } from '@parley/protocol'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { createStateStore } from './linkState'
import { decodeRefusals, UNAVAILABLE_MESSAGE } from './refusals'
import { trackRefusals } from './trackRefusals'

const tooLarge: Refusal = {
  code: 4413,
  reason: 'too large: entry of 5123 bytes over 2048',
  offending: [{ client: 7, clock: 1, length: 1 }],
  dropped: [{ client: 7, clock: 1, length: 2 }],
}

const providers: WebsocketProvider[] = []
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy()
})

/** A provider that never connects, and a way to hand it frames as if the relay sent them. */
function setup() {
  const provider = new WebsocketProvider('ws://127.0.0.1:9', 'room', new Y.Doc(), {
    connect: false,
    disableBc: true,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  })
  providers.push(provider)
  const store = createStateStore()
  const saved: string[] = []
  const tracker = trackRefusals(provider, store, (encoded) => saved.push(encoded))
  const receive = (frame: Uint8Array) => {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    provider.messageHandlers[type]?.(encoding.createEncoder(), decoder, provider, true, type)
  }
  return { provider, store, saved, tracker, receive }
}

describe('trackRefusals', () => {
  it('keeps permanent refusals in the state and saves them, once each', () => {
    const { store, saved, receive } = setup()
    receive(encodeRefused(tooLarge))
    receive(encodeRefused(tooLarge))
    expect(store.get().refusals).toEqual([tooLarge])
    expect(saved.map(decodeRefusals)).toEqual([[tooLarge]])
    expect(store.get().unavailable).toBeNull()
  })

  it('raises the unavailable flag for 4503 until the relay stores something or the link starts afresh', () => {
    const { provider, store, saved, receive } = setup()
    const unavailable = { ...tooLarge, code: 4503, reason: 'unavailable: storage is failing, retry later' }
    receive(encodeRefused(unavailable))
    expect(store.get().unavailable).toBe(UNAVAILABLE_MESSAGE)
    expect(store.get().refusals).toEqual([])
    store.update({ durable: new Map([[3, 1]]) })
    expect(store.get().unavailable).toBeNull()
    receive(encodeRefused(unavailable))
    provider.emit('status', [{ status: 'connected' }])
    expect(store.get().unavailable).toBeNull()
    expect(saved).toEqual([])
  })

  it('forgets a refusal once the relay has stored its items, and saves that', () => {
    const { store, saved, receive } = setup()
    receive(encodeRefused(tooLarge))
    store.update({ durable: new Map([[7, 2]]) })
    expect(store.get().refusals).toEqual([tooLarge])
    store.update({ durable: new Map([[7, 3]]) })
    expect(store.get().refusals).toEqual([])
    expect(saved.map(decodeRefusals)).toEqual([[tooLarge], []])
  })

  it('restores saved refusals without saving them again, merged with any that came first', () => {
    const { store, saved, tracker, receive } = setup()
    const other = { ...tooLarge, offending: [], dropped: [{ client: 9, clock: 0, length: 1 }] }
    receive(encodeRefused(other))
    tracker.restore([tooLarge, other])
    expect(store.get().refusals).toEqual([tooLarge, other])
    expect(saved).toHaveLength(1)
  })

  it('ignores frames after close', () => {
    const { store, tracker, receive } = setup()
    tracker.close()
    receive(encodeRefused(tooLarge))
    expect(store.get().refusals).toEqual([])
  })
})
