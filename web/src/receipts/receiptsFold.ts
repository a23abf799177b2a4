// The receipts of one room's log, folded incrementally: receipts commute (the furthest per key
// wins), so each new one is checked and noted on its own, in any order. A history load is read
// once, after it is shown.
import { entryIdOf, parseEnvelope, type VerifyEd25519, verifyEnvelope } from '@parley/protocol'
import type * as Y from 'yjs'
import { addedItems, getLog } from '../room'
import { mayBeReceipt, parseReceiptBody, ReceiptBook } from './receiptRules'

/** Above this many items a transaction is a history load. */
const BULK_ITEMS = 64

export interface ReceiptsFold {
  /** Entry id -> keys of the people (sharing receipts) whose last read message it is. */
  seenAt(except: string): Map<string, string[]>
  /** Grows on every change. */
  version(): number
  subscribe(listener: () => void): () => void
  close(): void
}

export function createReceiptsFold(
  doc: Y.Doc,
  options: { room: string; verify: VerifyEd25519 },
): ReceiptsFold {
  const log = getLog(doc)
  const book = new ReceiptBook()
  const checked = new Set<string>()
  const listeners = new Set<() => void>()
  let version = 0
  let closed = false
  let deferred: ReturnType<typeof setTimeout> | null = null
  const read = async (values: Iterable<unknown>) => {
    let changed = false
    for (const value of values) {
      const envelope = parseEnvelope(value)
      if (typeof envelope === 'string' || !mayBeReceipt(envelope.body)) continue
      const id = entryIdOf(envelope)
      if (checked.has(id)) continue
      checked.add(id)
      const mark = parseReceiptBody(envelope.body)
      if (mark === null || !(await verifyEnvelope(options.room, envelope, options.verify))) continue
      if (book.note(envelope.key, mark)) changed = true
    }
    if (!changed || closed) return
    version++
    for (const listener of listeners) listener()
  }
  const observer = (_event: Y.YArrayEvent<unknown>, transaction: Y.Transaction) => {
    const added = addedItems(log, transaction)
    if (added.length > BULK_ITEMS) {
      deferred ??= setTimeout(() => {
        deferred = null
        if (!closed) void read(log.toArray())
      }, 0)
      return
    }
    void read(added.flatMap((item) => item.content.getContent()))
  }
  log.observe(observer)
  void read(log.toArray())
  return {
    seenAt: (except) => book.seenAt(except),
    version: () => version,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      closed = true
      if (deferred !== null) clearTimeout(deferred)
      log.unobserve(observer)
      listeners.clear()
    },
  }
}
