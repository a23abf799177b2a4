// Binds FoldState to the room's Y.Array: reads the log once, then folds only what each
// transaction added.
//
// Why not `event.changes.delta`: Yjs builds it by walking the whole list and concatenating arrays
// per item, which is quadratic when one transaction brings 100k entries (a first sync). Instead the
// added items are found from the transaction's before/after state vectors, and each one's index
// is counted from the end of the list, which is short for the common case (an append).
import * as Y from 'yjs'
import { FoldState } from './foldState'
import { getLog, type LogId } from './log'
import type { RoomSnapshot } from './timeline'

/** Above this many added values a transaction re-reads the log in one linear walk. */
const INCREMENTAL_MAX_VALUES = 512

export interface RoomFold {
  getSnapshot(): RoomSnapshot
  /** Called after every change of the log; returns its unsubscribe. */
  subscribe(listener: () => void): () => void
  close(): void
}

interface Values {
  values: unknown[]
  ids: LogId[]
}

/** One Yjs item holds several values; value i was written at clock `item.id.clock + i`. */
function pushItem(item: Y.Item, into: Values): void {
  const content = item.content.getContent()
  for (let i = 0; i < content.length; i++) {
    into.values.push(content[i])
    into.ids.push({ client: item.id.client, clock: item.id.clock + i })
  }
}

/** Every live value of the log with the id it was written under, in log order. */
export function readLog(log: Y.Array<unknown>): Values {
  const out: Values = { values: [], ids: [] }
  for (let item = log._start; item !== null; item = item.right) {
    if (!item.deleted && item.countable) pushItem(item, out)
  }
  return out
}

/** The live items of `log` that `transaction` added (their clocks are past its before state). */
function addedItems(log: Y.Array<unknown>, transaction: Y.Transaction): Y.Item[] {
  const added: Y.Item[] = []
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0
    const structs = transaction.doc.store.clients.get(client)
    if (after <= before || structs === undefined) continue
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]
      if (struct instanceof Y.Item && struct.parent === log && !struct.deleted && struct.countable) {
        added.push(struct)
      }
    }
  }
  return added
}

/** Index of `item`'s first value in the log, counted from the end of the list. */
function indexOf(log: Y.Array<unknown>, item: Y.Item): number {
  let after = 0
  for (let right: Y.Item | null = item; right !== null; right = right.right) {
    if (!right.deleted && right.countable) after += right.length
  }
  return log.length - after
}

/** Folds one transaction into `state`; false when the caller should re-read the log instead. */
export function applyTransaction(
  state: FoldState,
  log: Y.Array<unknown>,
  transaction: Y.Transaction,
): boolean {
  if (transaction.deleteSet.clients.size > 0 || state.length === 0) return false
  const added = addedItems(log, transaction)
  if (added.reduce((sum, item) => sum + item.length, 0) > INCREMENTAL_MAX_VALUES) return false
  const placed = added.map((item) => ({ item, index: indexOf(log, item) })).sort((a, b) => a.index - b.index)
  for (const { item, index } of placed) {
    const values: Values = { values: [], ids: [] }
    pushItem(item, values)
    state.insert(index, values.values, values.ids)
  }
  return state.length === log.length
}

/** The full fold of the log as it is now: what the incremental fold must always equal. */
export function foldLog(log: Y.Array<unknown>, version = 0): FoldState {
  const state = new FoldState(version)
  const { values, ids } = readLog(log)
  state.insert(0, values, ids)
  return state
}

/** Folds the room's log now and after every change; never re-reads the whole log for one entry. */
export function createFold(doc: Y.Doc): RoomFold {
  const log = getLog(doc)
  let state = foldLog(log)
  const listeners = new Set<() => void>()
  const observer = (_event: Y.YArrayEvent<unknown>, transaction: Y.Transaction) => {
    if (!applyTransaction(state, log, transaction)) state = foldLog(log, state.getSnapshot().version + 1)
    for (const listener of listeners) listener()
  }
  log.observe(observer)
  return {
    getSnapshot: () => state.getSnapshot(),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      log.unobserve(observer)
      listeners.clear()
    },
  }
}
