// Signalling through the real relay process (relay/PROTOCOL.md, types 104–106), with raw sockets
// that announce presence and subscribe, beside a stock y-websocket client that does neither.
import { encodeSignal } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import { openPeer, presentIds, signalsOf, undeliveredOf } from './signalPeers.js'
import { useRelay } from './useRelay.js'
import { waitFor } from './waitFor.js'

const WAIT_MS = 10_000

describe('signalling between peers of a room', () => {
  const relay = useRelay()

  it('delivers a signal only to its addressee, never to a third peer or a stock client', async () => {
    const [a, b, c] = await Promise.all([11, 22, 33].map((id) => openPeer(relay.url, 'call-1', id)))
    if (a === undefined || b === undefined || c === undefined) throw new Error('peers did not open')
    const stock = relay.connect('call-1')
    stock.awareness.setLocalState({ user: { name: 'stock' } })
    await stock.synced()
    await waitFor(
      () => [22, 33, stock.doc.clientID].every((id) => presentIds(a).has(id)),
      WAIT_MS,
      'everyone present',
    )
    const unknownTypes: number[] = []
    stock.provider.ws?.addEventListener('message', (event: MessageEvent) => {
      const type = new Uint8Array(event.data as ArrayBuffer)[0] ?? 0
      if (type > 3) unknownTypes.push(type)
    })

    a.send(encodeSignal({ from: 11, to: 22, payload: '{"description":"offer"}' }))
    a.send(encodeSignal({ from: 11, to: 33, payload: 'marker' }))
    // The marker was sent after the offer on the same connection: once it is in, the offer was not.
    await waitFor(() => signalsOf(c).length > 0, WAIT_MS, 'the marker at c')
    await waitFor(() => signalsOf(b).length > 0, WAIT_MS, 'the offer at b')
    expect(signalsOf(b)).toEqual([{ from: 11, to: 22, payload: '{"description":"offer"}' }])
    expect(signalsOf(c)).toEqual([{ from: 11, to: 33, payload: 'marker' }])

    // The stock client never asked for signals: to the relay it is not an addressee at all.
    a.send(encodeSignal({ from: 11, to: stock.doc.clientID, payload: 'hello?' }))
    await waitFor(() => undeliveredOf(a).length > 0, WAIT_MS, 'an undelivered notice')
    expect(undeliveredOf(a)).toEqual([
      {
        to: stock.doc.clientID,
        code: 4404,
        reason: `not found: no one in this room takes signals as client ${stock.doc.clientID}`,
      },
    ])
    expect(unknownTypes).toEqual([])
    for (const socket of [a, b, c]) socket.ws.close()
  })

  it('answers an unknown addressee, a forged sender and an oversized signal clearly, and stays open', async () => {
    const [a, b] = await Promise.all([41, 42].map((id) => openPeer(relay.url, 'call-2', id)))
    if (a === undefined || b === undefined) throw new Error('peers did not open')
    await waitFor(() => presentIds(a).has(42), WAIT_MS, 'b present')
    a.send(encodeSignal({ from: 41, to: 999, payload: 'x' }))
    a.send(encodeSignal({ from: 42, to: 42, payload: 'x' }))
    a.send(encodeSignal({ from: 41, to: 42, payload: 'x'.repeat(20_000) }))
    await waitFor(() => undeliveredOf(a).length === 3, WAIT_MS, 'three notices')
    expect(undeliveredOf(a)).toEqual([
      { to: 999, code: 4404, reason: 'not found: no one in this room takes signals as client 999' },
      { to: 42, code: 4403, reason: 'forbidden: client 42 is not announced by this connection' },
      { to: 42, code: 4413, reason: 'too large: signal of 20000 bytes over 16384' },
    ])
    // Still served: a good signal after them arrives.
    a.send(encodeSignal({ from: 41, to: 42, payload: 'fine' }))
    await waitFor(() => signalsOf(b).length > 0, WAIT_MS, 'the good signal')
    expect(signalsOf(b).map((s) => s.payload)).toEqual(['fine'])
    for (const socket of [a, b]) socket.ws.close()
  })

  it('refuses a flood past the burst with the reason, without closing the connection', async () => {
    const [a, b] = await Promise.all([51, 52].map((id) => openPeer(relay.url, 'call-3', id)))
    if (a === undefined || b === undefined) throw new Error('peers did not open')
    await waitFor(() => presentIds(a).has(52), WAIT_MS, 'b present')
    const SENT = 400
    for (let i = 0; i < SENT; i++) a.send(encodeSignal({ from: 51, to: 52, payload: `${i}` }))
    await waitFor(
      () => signalsOf(b).length + undeliveredOf(a).length === SENT,
      WAIT_MS,
      'every signal delivered or refused',
    )
    const refused = undeliveredOf(a)
    expect(refused.length).toBeGreaterThan(0)
    expect(refused[0]).toEqual({
      to: 52,
      code: 4529,
      reason: 'rate limited: more than 50 signals a second (burst 200)',
    })
    // The burst went through in order.
    expect(
      signalsOf(b)
        .slice(0, 200)
        .map((s) => s.payload),
    ).toEqual(Array.from({ length: 200 }, (_, i) => `${i}`))
    expect(a.ws.readyState).toBe(a.ws.OPEN)
    for (const socket of [a, b]) socket.ws.close()
  })
})
