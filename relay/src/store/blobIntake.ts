// What every blob backend does while an upload arrives: count its bytes against the blob's limit
// and the quota and hash them, so a refusal comes at the first chunk over a limit and nothing
// unverified is ever stored. Backends differ only in where the chunks go.
import { createHash } from 'node:crypto'
import type { BlobPutLimits, BlobUsage, PutBlobResult } from './types.js'

/** Stored bytes and blobs, plus bytes held for uploads in flight so that concurrent ones share the quota. */
export interface BlobLedger {
  usage(): BlobUsage
  /** Holds `bytes` of quota for an upload in flight; false when that would pass `maxTotalBytes`. */
  reserve(bytes: number, maxTotalBytes: number): boolean
  /** Ends a reservation: its bytes become one stored blob, or are freed. */
  settle(bytes: number, stored: boolean): void
  /** Takes what storage holds now, as counted elsewhere (other processes sharing it store blobs too). */
  recount(stored: BlobUsage): void
}

export function createBlobLedger(initial: BlobUsage): BlobLedger {
  let { bytes, count } = initial
  let reserved = 0
  return {
    usage: () => ({ bytes, count }),
    reserve(more, maxTotalBytes) {
      if (bytes + reserved + more > maxTotalBytes) return false
      reserved += more
      return true
    },
    settle(held, stored) {
      reserved -= held
      if (!stored) return
      bytes += held
      count += 1
    },
    recount(stored) {
      bytes = stored.bytes
      count = stored.count
    },
  }
}

/** The outcome of receiving a body: every refusal a backend can give, or all of it received. */
export type Received =
  | { result: 'received'; bytes: number }
  | Exclude<PutBlobResult, { result: 'stored' } | { result: 'existing' }>

/**
 * Hands `body` to `write` chunk by chunk, each one checked before it is written. After `received`
 * its bytes stay reserved in `ledger` until the caller settles them; after any other outcome, or a
 * throw from `body` or `write`, nothing stays reserved.
 */
export async function receiveBlob(
  hash: string,
  body: AsyncIterable<Uint8Array>,
  limits: BlobPutLimits,
  ledger: BlobLedger,
  write: (chunk: Uint8Array) => Promise<void>,
): Promise<Received> {
  const sha256 = createHash('sha256')
  let bytes = 0
  let received = false
  try {
    for await (const chunk of body) {
      if (bytes + chunk.byteLength > limits.maxBytes) return { result: 'tooLarge' }
      if (!ledger.reserve(chunk.byteLength, limits.maxTotalBytes)) return { result: 'overQuota' }
      bytes += chunk.byteLength
      sha256.update(chunk)
      await write(chunk)
    }
    const actualHash = sha256.digest('hex')
    if (actualHash !== hash) return { result: 'hashMismatch', actualHash, bytes }
    received = true
    return { result: 'received', bytes }
  } finally {
    if (!received) ledger.settle(bytes, false)
  }
}
