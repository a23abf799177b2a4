import { encodeAwareness, encodeUpdate } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import { createThrottle, type ThrottleLimits } from './throttle.js'

const LIMITS: ThrottleLimits = {
  messagesPerSecond: 100,
  messageBurst: 10,
  bytesPerSecond: 1_000,
  byteBurst: 2_000,
  awarenessPerSecond: 1,
  awarenessBurst: 2,
  cpuMsPerSecond: 100,
  cpuMsBurst: 50,
}
const update = encodeUpdate(new Uint8Array(10))
const presence = encodeAwareness(new Uint8Array(4))

describe('createThrottle', () => {
  it('admits a burst, then says how long to wait instead of refusing', () => {
    let nowMs = 0
    const throttle = createThrottle(LIMITS, () => nowMs)
    for (let i = 0; i < 10; i++) expect(throttle.admit(update)).toBe(0)
    expect(throttle.admit(update)).toBe(10)
    nowMs += 10
    expect(throttle.admit(update)).toBe(0)
  })

  it('limits presence apart from other messages', () => {
    let nowMs = 0
    const throttle = createThrottle(LIMITS, () => nowMs)
    expect(throttle.admit(presence)).toBe(0)
    expect(throttle.admit(presence)).toBe(0)
    expect(throttle.admit(presence)).toBe(1000)
    expect(throttle.admit(update)).toBe(0)
    nowMs += 1000
    expect(throttle.admit(presence)).toBe(0)
  })

  it('waits out CPU time spent beyond the budget', () => {
    let nowMs = 0
    const throttle = createThrottle(LIMITS, () => nowMs)
    expect(throttle.admit(update)).toBe(0)
    throttle.charge(150) // 50 ms budget: 100 ms in debt, repaid at 100 ms per second
    expect(throttle.admit(update)).toBeCloseTo(1000, 0)
    nowMs += 1000
    expect(throttle.admit(update)).toBe(0)
  })

  it('lets a frame larger than the byte burst through once the bucket is full', () => {
    let nowMs = 0
    const throttle = createThrottle(LIMITS, () => nowMs)
    const big = encodeUpdate(new Uint8Array(5_000))
    expect(throttle.admit(big)).toBe(0)
    expect(throttle.admit(update)).toBeGreaterThan(0)
    nowMs += 2_000
    expect(throttle.admit(update)).toBe(0)
  })
})
