import type { Envelope } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import { createLocalTrust } from './localTrust'
import { decodeVerified, encodeVerified, MAX_BAD_IDS } from './verifiedRecord'

const KEY = 'k'.repeat(43)
const envelope = (body: string): Envelope => ({ key: KEY, body, sig: `${body.length}`.padEnd(86, 's') })

describe('verified record', () => {
  it('round-trips and refuses what it did not write', () => {
    const state = {
      vector: new Map([
        [7, 10],
        [3, 2],
      ]),
      bad: [{ client: 7, clock: 4 }],
    }
    expect(decodeVerified(encodeVerified(state))).toEqual(state)
    for (const bad of [
      null,
      '{',
      '{"v":2,"vector":[],"bad":[]}',
      '{"v":1,"vector":[[1,-1]],"bad":[]}',
      '{"v":1,"vector":{},"bad":[]}',
    ]) {
      expect(decodeVerified(bad)).toBeNull()
    }
    const many = Array.from({ length: MAX_BAD_IDS + 1 }, (_, clock) => ({ client: 1, clock }))
    expect(encodeVerified({ vector: new Map([[1, MAX_BAD_IDS + 1]]), bad: many })).toBeNull()
  })
})

describe('local trust', () => {
  it('trusts the verified record only for the history read from this device, and never its bad ids', () => {
    const local = createLocalTrust()
    const value = envelope('{"v":2,"type":"join","ts":1}')
    expect(local.trust({ client: 7, clock: 3 }, value)).toBeNull()
    local.accept({ verified: { vector: new Map([[7, 10]]), bad: [{ client: 7, clock: 4 }] }, view: null })
    expect(local.trust({ client: 7, clock: 3 }, value)).toBe(true)
    expect(local.trust({ client: 7, clock: 4 }, value)).toBe(false)
    expect(local.trust({ client: 7, clock: 10 }, value)).toBeNull()
    expect(local.trust({ client: 8, clock: 0 }, value)).toBeNull()
    local.historyLoaded()
    // Anything with those ids arriving later (from the relay) is checked like the rest.
    expect(local.trust({ client: 7, clock: 3 }, value)).toBeNull()
  })

  it('trusts the view cache by content: the same key, body and signature only', () => {
    const local = createLocalTrust()
    const cached = envelope('{"v":2,"type":"message","ts":1,"text":"hi"}')
    local.accept({
      verified: null,
      view: { entries: [{ id: { client: 1, clock: 0 }, value: cached }], pins: [], profiles: [] },
    })
    expect(local.trust({ client: 9, clock: 9 }, cached)).toBe(true)
    expect(
      local.trust({ client: 1, clock: 0 }, { ...cached, body: cached.body.replace('hi', 'ho') }),
    ).toBeNull()
    expect(local.trust({ client: 1, clock: 0 }, { ...cached, key: 'x'.repeat(43) })).toBeNull()
    local.historyLoaded()
    expect(local.trust({ client: 9, clock: 9 }, cached)).toBe(true)
  })
})
