import {
  CLOSE_FORBIDDEN_UPDATE,
  CLOSE_RATE_LIMITED,
  CLOSE_TOO_LARGE,
  MESSAGE_SIGNAL,
  MESSAGE_SIGNAL_UNDELIVERED,
  openFrame,
  readSignal,
  readSignalUndelivered,
  SIGNAL_NOT_FOUND,
} from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import { RoomSignalling } from './signalling.js'

const LIMITS = { maxSignalBytes: 32, signalsPerSecond: 1, signalBurst: 3 }

function peer() {
  const frames: Uint8Array[] = []
  return {
    frames,
    send: (frame: Uint8Array) => frames.push(frame),
    signals: () => frames.filter((f) => f[0] === MESSAGE_SIGNAL).map((f) => readSignal(openFrame(f).decoder)),
    undelivered: () =>
      frames
        .filter((f) => f[0] === MESSAGE_SIGNAL_UNDELIVERED)
        .map((f) => readSignalUndelivered(openFrame(f).decoder)),
  }
}

type Peer = ReturnType<typeof peer>

function room(holders: Map<number, Peer>) {
  return new RoomSignalling<Peer>({ limits: LIMITS, holderOf: (id) => holders.get(id) })
}

describe('RoomSignalling', () => {
  it('delivers to the holder of the addressed client id only, and only once it subscribed', () => {
    const [a, b, c] = [peer(), peer(), peer()]
    const signalling = room(
      new Map([
        [1, a],
        [2, b],
        [3, c],
      ]),
    )
    signalling.subscribe(b)
    signalling.subscribe(c)
    signalling.route(a, { from: 1, to: 2, payload: 'offer' })
    expect(b.signals()).toEqual([{ from: 1, to: 2, payload: 'offer' }])
    expect(c.frames).toEqual([])
    expect(a.frames).toEqual([])
    // `a` never subscribed (a stock client): it is "not found", and gets nothing.
    signalling.route(b, { from: 2, to: 1, payload: 'answer' })
    expect(a.signals()).toEqual([])
    expect(b.undelivered()).toEqual([
      { to: 1, code: SIGNAL_NOT_FOUND, reason: 'not found: no one in this room takes signals as client 1' },
    ])
  })

  it('refuses a sender posing as a client id it does not hold, and oversized payloads', () => {
    const [a, b] = [peer(), peer()]
    const signalling = room(
      new Map([
        [1, a],
        [2, b],
      ]),
    )
    signalling.subscribe(b)
    signalling.route(a, { from: 2, to: 2, payload: 'x' })
    signalling.route(a, { from: 1, to: 2, payload: 'é'.repeat(17) })
    expect(b.frames).toEqual([])
    expect(a.undelivered()).toEqual([
      {
        to: 2,
        code: CLOSE_FORBIDDEN_UPDATE,
        reason: 'forbidden: client 2 is not announced by this connection',
      },
      { to: 2, code: CLOSE_TOO_LARGE, reason: 'too large: signal of 34 bytes over 32' },
    ])
  })

  it('refuses signals over the rate with the reason, after the burst', () => {
    const [a, b] = [peer(), peer()]
    const signalling = room(
      new Map([
        [1, a],
        [2, b],
      ]),
    )
    signalling.subscribe(b)
    for (let i = 0; i < 5; i++) signalling.route(a, { from: 1, to: 2, payload: `${i}` })
    expect(b.signals().map((s) => s.payload)).toEqual(['0', '1', '2'])
    expect(a.undelivered().map((u) => u.code)).toEqual([CLOSE_RATE_LIMITED, CLOSE_RATE_LIMITED])
    expect(a.undelivered()[0]?.reason).toBe('rate limited: more than 1 signals a second (burst 3)')
  })

  it('forgets a connection that left: signals to it are not found', () => {
    const [a, b] = [peer(), peer()]
    const holders = new Map([
      [1, a],
      [2, b],
    ])
    const signalling = room(holders)
    signalling.subscribe(b)
    signalling.leave(b)
    signalling.route(a, { from: 1, to: 2, payload: 'late' })
    expect(b.frames).toEqual([])
    expect(a.undelivered()[0]?.code).toBe(SIGNAL_NOT_FOUND)
  })
})
