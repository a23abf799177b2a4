import { describe, expect, it } from 'vitest'
import { createTokenBucket } from './rateLimit.js'

describe('createTokenBucket', () => {
  it('allows a burst, refuses beyond it and refills over time', () => {
    let nowMs = 0
    const bucket = createTokenBucket(10, 3, () => nowMs)
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
    nowMs += 100 // one token at 10/s
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    nowMs += 10_000
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
  })

  it('charges a cost in tokens', () => {
    const bucket = createTokenBucket(1, 100, () => 0)
    expect(bucket.take(60)).toBe(true)
    expect(bucket.take(60)).toBe(false)
    expect(bucket.take(40)).toBe(true)
  })
})

describe('createTokenBucket waitMs and refund', () => {
  it('says how long until a cost is affordable, and never for one over the burst', () => {
    let nowMs = 0
    const bucket = createTokenBucket(2, 4, () => nowMs)
    expect(bucket.waitMs(4)).toBe(0)
    expect(bucket.take(4)).toBe(true)
    expect(bucket.waitMs(1)).toBe(500)
    expect(bucket.waitMs(3)).toBe(1500)
    expect(bucket.waitMs(5)).toBe(Number.POSITIVE_INFINITY)
    nowMs += 1500
    expect(bucket.waitMs(3)).toBe(0)
    expect(bucket.take(3)).toBe(true)
  })

  it('refunds tokens up to the burst, never beyond', () => {
    const bucket = createTokenBucket(1, 10, () => 0)
    expect(bucket.take(10)).toBe(true)
    bucket.refund(4)
    expect(bucket.take(4)).toBe(true)
    expect(bucket.take(1)).toBe(false)
    bucket.refund(1_000)
    expect(bucket.take(10)).toBe(true)
    expect(bucket.take(1)).toBe(false)
  })
})

describe('createTokenBucket spend', () => {
  it('goes into debt for a cost known afterwards, and waits until the debt is paid', () => {
    let nowMs = 0
    const bucket = createTokenBucket(100, 50, () => nowMs)
    bucket.spend(80)
    expect(bucket.take(1)).toBe(false)
    expect(bucket.waitMs(1)).toBe(310)
    nowMs += 310
    expect(bucket.take(1)).toBe(true)
  })
})
