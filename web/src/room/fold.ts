// Binds FoldState to the room's Y.Array: reads the log once, then folds only what each
// transaction added, and checks every signed entry's signature in the background (verification.ts)
// before it is shown.
//
// Why not `event.changes.delta`: Yjs builds it by walking the whole list and concatenating arrays
// per item, which is quadratic when one transaction brings 100k entries (a first sync). Instead the
// added items are found from the transaction's before/after state vectors, and each one's index
// is counted from the end of the list, which is short for the common case (an append).
import type { VerifyEd25519 } from '@parley/protocol'
import * as Y from 'yjs'
import { FoldState } from './foldState'
import { getLog, type LogId } from './log'
import type { ProfileEntry } from './schema'
import { TRUST_NOTHING, type Trust } from './slots'
import type { RoomSnapshot } from './timeline'
import { createVerificationLoop } from './verification'

/** Above this many added values a transaction re-reads the log in one linear walk. */
const INCREMENTAL_MAX_VALUES = 512

export interface FoldOptions {
  /** The room's id: signatures cover it, so an entry replayed from another room does not verify. */
  room: string
  verify: VerifyEd25519
  /**
   * What this device already knows (its saved verified state, its view cache). Entries this doc
   * writes itself (its own client id) are always trusted: only the room writer, which signed
   * them, writes under it.
   */
  trust?: Trust
}

/** What this device has verified of the room: every value below `vector`, except `bad` ones. */
export interface VerifiedState {
  vector: Map<number, number>
  bad: LogId[]
}

export interface RoomFold {
  getSnapshot(): RoomSnapshot
  /** Called after every change of the view; returns its unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Resolves once no signature is waiting to be checked. */
  whenVerified(): Promise<void>
  /** The values the view shows, newest first, as the log holds them (for the view cache). */
  applied(): Iterable<{ logId: LogId; value: unknown }>
  /** The values the view shows from the one at `logId` on, oldest first (for the view cache). */
  appliedFrom(logId: LogId): Iterable<{ logId: LogId; value: unknown }>
  /** The value at `logId` and its log index, if the view shows it. */
  appliedValue(logId: LogId): { value: unknown; index: number } | undefined
  /** The current (verified) profile of `key`, if the room has one. */
  profileOf(key: string): ProfileEntry | undefined
  /** The current profile of `key` as the log holds it (the view cache keeps it with their entries). */
  profileValue(key: string): { logId: LogId; value: unknown } | undefined
  /** What this device has verified so far; null while any signature is still to be checked. */
  verifiedState(): VerifiedState | null
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
export function addedItems(log: Y.Array<unknown>, transaction: Y.Transaction): Y.Item[] {
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

/** The full fold of the log as it is now, with verdicts from `trust` (others stay pending). */
export function foldLog(log: Y.Array<unknown>, trust: Trust = TRUST_NOTHING, version = 0): FoldState {
  const state = new FoldState(trust, version)
  const { values, ids } = readLog(log)
  state.insert(0, values, ids)
  return state
}

function either(first: Trust, second: Trust): Trust {
  return (logId, envelope) => first(logId, envelope) ?? second(logId, envelope)
}

/** Folds the room's log now and after every change; never re-reads the whole log for one entry. */
export function createFold(doc: Y.Doc, options: FoldOptions): RoomFold {
  const log = getLog(doc)
  const own: Trust = (logId) => (logId.client === doc.clientID ? true : null)
  const trust = either(own, options.trust ?? TRUST_NOTHING)
  let state = foldLog(log, trust)
  const listeners = new Set<() => void>()
  const notify = () => {
    for (const listener of listeners) listener()
  }
  const loop = createVerificationLoop(() => state, {
    room: options.room,
    verify: options.verify,
    onSettled: notify,
  })
  const observer = (_event: Y.YArrayEvent<unknown>, transaction: Y.Transaction) => {
    if (!applyTransaction(state, log, transaction)) {
      // What the old state already checked is not checked again.
      state = foldLog(log, either(state.knownVerdicts(), trust), state.getSnapshot().version + 1)
    }
    loop.schedule()
    notify()
  }
  log.observe(observer)
  loop.schedule()
  return {
    getSnapshot: () => state.getSnapshot(),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    whenVerified: () => loop.whenIdle(),
    applied: () => state.appliedNewestFirst(),
    appliedFrom: (logId) => state.appliedFrom(logId),
    appliedValue: (logId) => state.appliedValue(logId),
    profileOf: (key) => state.profileOf(key),
    profileValue: (key) => state.profileValue(key),
    verifiedState() {
      if (state.pendingCount > 0 || doc.isDestroyed) return null
      return { vector: Y.decodeStateVector(Y.encodeStateVector(doc)), bad: state.badIds() }
    },
    close() {
      log.unobserve(observer)
      loop.close()
      listeners.clear()
    },
  }
}
