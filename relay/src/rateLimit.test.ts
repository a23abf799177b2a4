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
