import { describe, expect, it } from 'vitest'
import { parseIceServers } from './iceServers.js'

describe('parseIceServers', () => {
  it('reads STUN and TURN servers, a single URL becoming a list', () => {
    expect(
      parseIceServers(
        '[{"urls":"stun:stun.example.org:3478"},{"urls":["turn:t.example.org:3478?transport=udp"],"username":"u","credential":"p"}]',
      ),
    ).toEqual([
      { urls: ['stun:stun.example.org:3478'] },
      { urls: ['turn:t.example.org:3478?transport=udp'], username: 'u', credential: 'p' },
    ])
    expect(parseIceServers('[]')).toEqual([])
  })

  it('refuses what is not a list of ICE servers, saying where', () => {
    expect(() => parseIceServers('{')).toThrow('--ice-servers must be JSON')
    expect(() => parseIceServers('{"urls":"stun:x"}')).toThrow('must be a JSON array')
    expect(() => parseIceServers('[{"urls":"https://x"}]')).toThrow('--ice-servers[0].urls must be stun:')
    expect(() => parseIceServers('[{"urls":"stun:x","credential":3}]')).toThrow(
      '--ice-servers[0].credential must be a string',
    )
  })
})
