// A token bucket: `ratePerSecond` tokens refill continuously up to `burst`.
export interface TokenBucket {
  /** Takes `cost` tokens if there are enough; false means the caller is over its rate. */
  take(cost?: number): boolean
}

export function createTokenBucket(
  ratePerSecond: number,
  burst: number,
  now: () => number = () => performance.now(),
): TokenBucket {
  let tokens = burst
  let last = now()
  return {
    take(cost = 1) {
      const current = now()
      tokens = Math.min(burst, tokens + ((current - last) / 1000) * ratePerSecond)
      last = current
      if (tokens < cost) return false
      tokens -= cost
      return true
    },
  }
}
