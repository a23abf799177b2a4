import { describe, expect, it } from 'vitest'
import { budgetKey, createUploadLimiter } from './uploadLimiter.js'

const LIMITS = { uploadsPerSecond: 1, uploadBurst: 3, bytesPerSecond: 100, byteBurst: 1_000 }

function clock() {
  const time = { ms: 0 }
  return { time, now: () => time.ms }
}

describe('createUploadLimiter', () => {
  it('admits a burst of uploads per address, then says when to retry', () => {
    const { time, now } = clock()
    const limiter = createUploadLimiter(LIMITS, now)
    for (let i = 0; i < 3; i++) expect(limiter.admit('a', 1).admitted).toBe(true)
    const refused = limiter.admit('a', 1)
    expect(refused).toMatchObject({ admitted: false, retryAfterSeconds: 1 })
    if (refused.admitted) throw new Error('unreachable')
    expect(refused.reason).toContain('too many uploads')
    expect(limiter.admit('b', 1).admitted).toBe(true)
    time.ms += 1000
    expect(limiter.admit('a', 1).admitted).toBe(true)
    expect(limiter.admit('a', 1).admitted).toBe(false)
  })

  it('charges bytes, computes Retry-After from the byte rate and refunds what was not read', () => {
    const { time, now } = clock()
    const limiter = createUploadLimiter(LIMITS, now)
    const first = limiter.admit('a', 900)
    expect(first.admitted).toBe(true)
    const refused = limiter.admit('a', 600)
    // 100 bytes left; 500 more at 100 bytes/s.
    expect(refused).toMatchObject({ admitted: false, retryAfterSeconds: 5 })
    if (refused.admitted) throw new Error('unreachable')
    expect(refused.reason).toContain('too many bytes')
    if (first.admitted) first.refund(800)
    expect(limiter.admit('a', 600).admitted).toBe(true)
    time.ms += 2500
    // 300 left, plus 250 refilled: 350 short of 900.
    expect(limiter.admit('a', 900)).toMatchObject({ admitted: false, retryAfterSeconds: 4 })
  })

  it('lets an upload larger than the byte burst through once the bucket is full', () => {
    const { time, now } = clock()
    const limiter = createUploadLimiter(LIMITS, now)
    expect(limiter.admit('a', 5_000).admitted).toBe(true)
    expect(limiter.admit('a', 5_000)).toMatchObject({ admitted: false, retryAfterSeconds: 10 })
    time.ms += 10_000
    expect(limiter.admit('a', 5_000).admitted).toBe(true)
  })

  it('forgets addresses whose budgets are full again', () => {
    const { time, now } = clock()
    const limiter = createUploadLimiter(LIMITS, now)
    limiter.admit('a', 1_000)
    time.ms += 5_000
    limiter.admit('b', 1)
    expect(limiter.size).toBe(2)
    // Both of a's buckets refill within 10 s (3 uploads at 1/s, 1000 bytes at 100/s).
    time.ms += 5_000
    limiter.admit('c', 1)
    expect(limiter.size).toBe(2)
    time.ms += 10_000
    limiter.admit('d', 1)
    expect(limiter.size).toBe(1)
  })

  it('caps the number of addresses it remembers, forgetting the least recently seen', () => {
    const { now } = clock()
    const limiter = createUploadLimiter(LIMITS, now, 100)
    for (let i = 0; i < 1_000; i++) limiter.admit(`10.0.${i >> 8}.${i & 255}`, 1)
    expect(limiter.size).toBe(100)
    for (let i = 0; i < 3; i++) limiter.admit('keep', 1)
    for (let i = 0; i < 99; i++) limiter.admit(`192.168.0.${i}`, 1)
    expect(limiter.admit('keep', 1).admitted).toBe(false)
  })
})

describe('budgetKey', () => {
  it('gives an IPv6 /64 one budget, and an IPv4-mapped address the budget of its IPv4 address', () => {
    expect(budgetKey('203.0.113.7')).toBe('203.0.113.7')
    expect(budgetKey('::ffff:203.0.113.7')).toBe('203.0.113.7')
    expect(budgetKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(budgetKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64')
    expect(budgetKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(budgetKey('::1')).toBe('0:0:0:0::/64')
    expect(budgetKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(budgetKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64')
    expect(budgetKey('unknown')).toBe('unknown')
  })

  it('makes every address of one /64 share a budget', () => {
    const limiter = createUploadLimiter(LIMITS, () => 0)
    for (let i = 1; i <= 3; i++) expect(limiter.admit(`2001:db8:1:2::${i}`, 1).admitted).toBe(true)
    expect(limiter.admit('2001:db8:1:2:ffff::9', 1).admitted).toBe(false)
    expect(limiter.admit('2001:db8:1:3::1', 1).admitted).toBe(true)
  })
})
