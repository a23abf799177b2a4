// A token bucket: `ratePerSecond` tokens refill continuously up to `burst`.
export interface TokenBucket {
  /** Takes `cost` tokens if there are enough; false means the caller is over its rate. */
  take(cost?: number): boolean
  /** Milliseconds until `cost` tokens are there: 0 if they are now, Infinity if `cost` exceeds the burst. */
  waitMs(cost?: number): number
  /** Gives back tokens taken for work that did not happen, up to the burst. */
  refund(amount: number): void
  /** Takes `cost` whether or not there are enough (for costs known only afterwards, like CPU time); may go negative. */
  spend(cost: number): void
}

export function createTokenBucket(
  ratePerSecond: number,
  burst: number,
  now: () => number = () => performance.now(),
): TokenBucket {
  let tokens = burst
  let last = now()
  const refill = () => {
    const current = now()
    tokens = Math.min(burst, tokens + ((current - last) / 1000) * ratePerSecond)
    last = current
  }
  return {
    take(cost = 1) {
      refill()
      if (tokens < cost) return false
      tokens -= cost
      return true
    },
    waitMs(cost = 1) {
      refill()
      if (tokens >= cost) return 0
      if (cost > burst || ratePerSecond <= 0) return Number.POSITIVE_INFINITY
      return ((cost - tokens) / ratePerSecond) * 1000
    },
    refund(amount) {
      refill()
      tokens = Math.min(burst, tokens + Math.max(0, amount))
    },
    spend(cost) {
      refill()
      tokens -= cost
    },
  }
}
