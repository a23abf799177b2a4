import { describe, expect, it } from 'vitest'
import { type CallSignal, decodeCallSignal, encodeCallSignal } from './callSignal'

describe('call signals', () => {
  it('round-trip descriptions, candidates and goodbyes', () => {
    const signals: CallSignal[] = [
      { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' }, key: 'K' },
      {
        kind: 'candidate',
        candidate: {
          candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
          sdpMid: '0',
          sdpMLineIndex: 0,
        },
      },
      { kind: 'bye' },
    ]
    for (const signal of signals) expect(decodeCallSignal(encodeCallSignal(signal))).toEqual(signal)
  })

  it('drops anything else, and the fields WebRTC does not need', () => {
    for (const payload of [
      '',
      'null',
      '[]',
      '{"kind":"x"}',
      '{"kind":"description","description":{"type":"rollback","sdp":""},"key":"K"}',
      '{"kind":"description","description":{"type":"offer","sdp":""}}',
      '{"kind":"candidate","candidate":{}}',
    ]) {
      expect(decodeCallSignal(payload)).toBeNull()
    }
    expect(
      decodeCallSignal(
        '{"kind":"candidate","candidate":{"candidate":"c","sdpMid":1,"sdpMLineIndex":-1,"usernameFragment":"u"}}',
      ),
    ).toEqual({ kind: 'candidate', candidate: { candidate: 'c', sdpMid: null, sdpMLineIndex: null } })
  })
})
