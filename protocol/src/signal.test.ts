import { describe, expect, it } from 'vitest'
import {
  encodeSignal,
  encodeSignalSubscribe,
  encodeSignalUndelivered,
  MESSAGE_SIGNAL,
  MESSAGE_SIGNAL_UNDELIVERED,
  openFrame,
  readSignal,
  readSignalUndelivered,
  SIGNAL_NOT_FOUND,
} from './signal.js'
import { decodeClientMessage, MESSAGE_AUTH, ProtocolError } from './wire.js'

describe('signal frames', () => {
  const signal = { from: 2 ** 31 + 5, to: 7, payload: '{"description":{"type":"offer","sdp":"v=0 ✓"}}' }

  it('round-trip through the relay decoder and the client reader alike', () => {
    const frame = encodeSignal(signal)
    expect(decodeClientMessage(frame)).toEqual({ type: 'signal', signal })
    const { type, decoder } = openFrame(frame)
    expect(type).toBe(MESSAGE_SIGNAL)
    expect(readSignal(decoder)).toEqual(signal)
  })

  it('subscribing is its own message type, which no stock client sends', () => {
    expect(decodeClientMessage(encodeSignalSubscribe())).toEqual({ type: 'signalSubscribe' })
    // y-websocket's own types are 0–3; the signal types must never collide with them.
    expect(encodeSignalSubscribe()[0]).toBeGreaterThan(MESSAGE_AUTH + 1)
  })

  it('refuses a truncated signal as a malformed frame', () => {
    const frame = encodeSignal(signal)
    expect(() => decodeClientMessage(frame.slice(0, frame.length - 3))).toThrow(ProtocolError)
    expect(() => decodeClientMessage(frame.slice(0, 2))).toThrow('bad request: malformed frame')
  })

  it('undelivered notices carry the addressee, a code and a reason', () => {
    const notice = { to: 9, code: SIGNAL_NOT_FOUND, reason: 'not found: nobody here holds client 9' }
    const { type, decoder } = openFrame(encodeSignalUndelivered(notice))
    expect(type).toBe(MESSAGE_SIGNAL_UNDELIVERED)
    expect(readSignalUndelivered(decoder)).toEqual(notice)
  })

  it('is never what a relay → client frame of another type decodes as', () => {
    expect(() => decodeClientMessage(encodeSignalUndelivered({ to: 1, code: 1, reason: '' }))).toThrow(
      'bad request: unknown message type 106',
    )
  })
})
