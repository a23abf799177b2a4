// Read receipts, opt-in: a person who shares them writes signed `receipt {count, last, on}`
// entries into the room (at most one every RECEIPT_INTERVAL_MS, the newest position then); the
// furthest one per key counts, whatever order they arrive in, and `on: false` withdraws them.
// Readers show "seen by" only when they share receipts themselves.
import { MAX_ID_CHARS } from '../room'

export const RECEIPT_ENTRY_VERSION = 2
/** A person's receipts in one room are written at most this often (the cost: one entry each). */
export const RECEIPT_INTERVAL_MS = 10_000

export interface ReceiptMark {
  /** Messages read in the room's timeline. */
  count: number
  /** The entry id of the last of them. */
  last: string
  /** False withdraws this person's receipts (they stopped sharing them). */
  on: boolean
}

export function encodeReceiptBody(mark: ReceiptMark, ts: number): string {
  return JSON.stringify({ v: RECEIPT_ENTRY_VERSION, type: 'receipt', ts, ...mark })
}

const RECEIPT_TYPE_FIELD = /"type"\s*:\s*"receipt"/

/** Whether a body (JSON text) may be a receipt, without parsing it. */
export function mayBeReceipt(body: string): boolean {
  return RECEIPT_TYPE_FIELD.test(body)
}

export function parseReceiptBody(body: string): (ReceiptMark & { ts: number }) | null {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const { v, type, ts, count, last, on } = value as Record<string, unknown>
  if (v !== RECEIPT_ENTRY_VERSION || type !== 'receipt' || typeof on !== 'boolean') return null
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) return null
  if (typeof last !== 'string' || last.length > MAX_ID_CHARS) return null
  return { count, last, on, ts: typeof ts === 'number' && Number.isFinite(ts) ? ts : 0 }
}

/** The newest receipt per key; a withdrawal counts as newest when its timestamp is. */
export class ReceiptBook {
  private readonly byKey = new Map<string, ReceiptMark & { ts: number }>()

  /** Folds one verified receipt of `key`; true when what shows changed. */
  note(key: string, mark: ReceiptMark & { ts: number }): boolean {
    const known = this.byKey.get(key)
    if (known !== undefined && !isNewer(mark, known)) return false
    this.byKey.set(key, mark)
    return true
  }

  /** People's last read message, by its entry id: who has seen up to it (sharing ones only). */
  seenAt(except: string): Map<string, string[]> {
    const seen = new Map<string, string[]>()
    for (const [key, mark] of this.byKey) {
      if (!mark.on || key === except || mark.last === '') continue
      const keys = seen.get(mark.last)
      if (keys) keys.push(key)
      else seen.set(mark.last, [key])
    }
    return seen
  }
}

/** Withdrawals and re-opt-ins go by time (ties by state); positions only move forward. */
function isNewer(mark: ReceiptMark & { ts: number }, known: ReceiptMark & { ts: number }): boolean {
  if (mark.on !== known.on) return mark.ts > known.ts || (mark.ts === known.ts && !mark.on)
  return mark.count > known.count || (mark.count === known.count && mark.last > known.last)
}
