// Per-address budgets for blob uploads: a bucket of uploads and a bucket of bytes for each remote
// address. An address idle long enough for both of its buckets to be full again is forgotten (it
// would start from a full budget anyway), and the map is capped, so uploads from many addresses
// cannot grow it without bound.
import { isIPv6 } from 'node:net'
import { createTokenBucket, type TokenBucket } from './rateLimit.js'

/** Beyond this, the least recently seen address is forgotten and starts again from a full budget. */
const MAX_TRACKED_ADDRESSES = 10_000

export interface UploadRateLimits {
  uploadsPerSecond: number
  uploadBurst: number
  bytesPerSecond: number
  byteBurst: number
}

export type Admission =
  | { admitted: true; refund(unusedBytes: number): void }
  | { admitted: false; retryAfterSeconds: number; reason: string }

export interface UploadLimiter {
  /** Takes one upload and `bytes` from the address's budget, or says how long to wait before trying. */
  admit(address: string, bytes: number): Admission
  /** Addresses remembered right now. */
  readonly size: number
}

interface Budget {
  uploads: TokenBucket
  bytes: TokenBucket
  lastSeenMs: number
}

export function createUploadLimiter(
  limits: UploadRateLimits,
  now: () => number = () => performance.now(),
  maxAddresses = MAX_TRACKED_ADDRESSES,
): UploadLimiter {
  // Least recently seen first: an address is moved to the end each time it is seen.
  const budgets = new Map<string, Budget>()
  // A take leaves a bucket at zero or more, so this long after the last one both are full again.
  const forgetAfterMs =
    Math.max(limits.uploadBurst / limits.uploadsPerSecond, limits.byteBurst / limits.bytesPerSecond) * 1000

  const budgetOf = (address: string, at: number): Budget => {
    const budget = budgets.get(address) ?? {
      uploads: createTokenBucket(limits.uploadsPerSecond, limits.uploadBurst, now),
      bytes: createTokenBucket(limits.bytesPerSecond, limits.byteBurst, now),
      lastSeenMs: at,
    }
    budget.lastSeenMs = at
    budgets.delete(address)
    budgets.set(address, budget)
    for (const [oldest, { lastSeenMs }] of budgets) {
      if (budgets.size <= maxAddresses && at - lastSeenMs < forgetAfterMs) break
      budgets.delete(oldest)
    }
    return budget
  }

  return {
    admit(address, bytes) {
      const budget = budgetOf(budgetKey(address), now())
      // One upload larger than the whole burst waits for a full bucket rather than forever.
      const cost = Math.min(Math.max(0, bytes), limits.byteBurst)
      const uploadWaitMs = budget.uploads.waitMs(1)
      const byteWaitMs = budget.bytes.waitMs(cost)
      if (uploadWaitMs > 0 || byteWaitMs > 0) {
        return {
          admitted: false,
          retryAfterSeconds: Math.max(1, Math.ceil(Math.max(uploadWaitMs, byteWaitMs) / 1000)),
          reason:
            uploadWaitMs > 0
              ? `too many uploads from this address (${limits.uploadBurst} at once, then ${limits.uploadsPerSecond}/s)`
              : `too many bytes uploaded from this address (${limits.byteBurst} at once, then ${limits.bytesPerSecond}/s)`,
        }
      }
      budget.uploads.take(1)
      budget.bytes.take(cost)
      return { admitted: true, refund: (unusedBytes) => budget.bytes.refund(Math.min(unusedBytes, cost)) }
    },
    get size() {
      return budgets.size
    },
  }
}

/**
 * Whose budget an address spends. An IPv6 client is routinely given a whole /64 and can pick any
 * address in it, so the /64 is one budget; an IPv4-mapped IPv6 address is its IPv4 address.
 */
export function budgetKey(address: string): string {
  const unzoned = address.split('%')[0] ?? address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(unzoned)?.[1]
  if (mapped !== undefined) return mapped
  if (!isIPv6(unzoned)) return address
  const groups = (part: string) =>
    part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group]))
  const [head = '', tail] = unzoned.split('::')
  const before = groups(head)
  const after = tail === undefined ? [] : groups(tail)
  const full = [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after]
  return `${full
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`
}
