import { describe, expect, it } from 'vitest'
import { readCallConfig } from './callConfig'

describe('readCallConfig', () => {
  it('reads the relay’s ICE servers and call size', () => {
    expect(readCallConfig({ iceServers: [{ urls: 'stun:x' }], maxCallSize: 2 })).toEqual({
      iceServers: [{ urls: 'stun:x' }],
      maxCallSize: 2,
    })
  })

  it('falls back to no servers and calls of 4, and never goes above 4 or below 2', () => {
    expect(readCallConfig({})).toEqual({ iceServers: [], maxCallSize: 4 })
    expect(readCallConfig(null)).toEqual({ iceServers: [], maxCallSize: 4 })
    expect(readCallConfig({ iceServers: 'x', maxCallSize: 'many' })).toEqual({
      iceServers: [],
      maxCallSize: 4,
    })
    expect(readCallConfig({ maxCallSize: 40 }).maxCallSize).toBe(4)
    expect(readCallConfig({ maxCallSize: 1 }).maxCallSize).toBe(2)
  })
})
