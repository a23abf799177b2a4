// Group commit: updates enqueued within `groupCommitMs` of each other form one batch, stored in one
// durable transaction; updates enqueued while a batch is being written form the next one.
// `enqueue` returns the batch's promise, shared by every update in it, so a room learns that its
// updates are stored by awaiting it: nothing calls back up into rooms.
//
// A failing store (disk full, I/O error) keeps every batch and retries with backoff, on a timer,
// never in a tight loop; the persister reports itself unhealthy meanwhile, and queued updates stay
// readable through `unstored`, so a room can be unloaded and loaded again without them.
import type { RoomStore, StoredRow, StoredUpdate } from './store/types.js'

/**
 * How long a commit waits for company by default. On one relay, forwarding never waits for it;
 * only the acknowledgement does. Fewer, larger commits mean fewer fsyncs blocking the event loop
 * under steady traffic.
 */
export const GROUP_COMMIT_MS = 10
const RETRY_MIN_MS = 100
const RETRY_MAX_MS = 5_000
/** A write that has not answered for this long makes the store unhealthy (a stalled disk). */
const WRITE_STALL_MS = 5_000
/**
 * A store that can be out of reach (store.ping) is checked this often while nothing is being
 * written, so an outage shows in readiness and refuses writes before anyone writes into it.
 */
const PROBE_INTERVAL_MS = 1_000
const PROBE_TIMEOUT_MS = 3_000

export interface StoreHealth {
  ok: boolean
  /** Why not, for health checks and logs: the last error, or a write that does not return. */
  reason: string | null
  /** Updates accepted but not yet stored. */
  unstoredUpdates: number
}

/** A room's rows of one committed batch, with the seqs the store gave them, in seq order. */
export type CommittedRows = ReadonlyMap<string, readonly StoredRow[]>

export interface PersisterEvents {
  /** After each successful commit, with how long it took and what it stored (published in a cluster). */
  onCommit?(elapsedMs: number, rows: CommittedRows): void
  onError?(error: unknown, retryInMs: number): void
  /** The store stopped answering its probe while nothing was being written. */
  onUnreachable?(error: unknown): void
  /** It answers again. */
  onRecover?(): void
}

export interface Persister {
  /**
   * Queues `update`; resolves once its batch is committed (the same promise for the whole batch),
   * with the batch's rows and their seqs.
   */
  enqueue(room: string, update: Uint8Array): Promise<CommittedRows>
  /**
   * A room's updates that are queued or being written, oldest first (a load must include them),
   * and the promise of the last batch holding one: once it resolves, all of them are stored.
   */
  unstored(room: string): Unstored
  readonly health: StoreHealth
  /** Resolves once a commit succeeds after a failure; at once while the store is healthy. */
  whenHealthy(): Promise<void>
  /**
   * Stores what is queued, retrying a failing store until `timeoutMs` has passed. Resolves with
   * the number of updates per room that could not be stored (empty when everything was).
   */
  flush(timeoutMs: number): Promise<Map<string, number>>
  /** Flushes within `timeoutMs`, then fails every update still queued; returns what was lost. */
  close(timeoutMs: number): Promise<Map<string, number>>
}

export interface Unstored {
  updates: Uint8Array[]
  committed: Promise<CommittedRows>
}

interface Batch {
  updates: StoredUpdate[]
  committed: Promise<CommittedRows>
  resolve(rows: CommittedRows): void
  reject(error: unknown): void
}

function createBatch(): Batch {
  let resolve!: (rows: CommittedRows) => void
  let reject!: (error: unknown) => void
  const committed = new Promise<CommittedRows>((onCommitted, onFailed) => {
    resolve = onCommitted
    reject = onFailed
  })
  // Awaited by rooms, which ignore a failure at shutdown: shutdown reports what was not stored.
  committed.catch(() => {})
  return { updates: [], committed, resolve, reject }
}

export interface PersisterOptions {
  /** How long a commit waits for company (ms); 0 writes as soon as no other write is running. */
  groupCommitMs?: number
}

export function createPersister(
  store: RoomStore,
  events: PersisterEvents = {},
  { groupCommitMs = GROUP_COMMIT_MS }: PersisterOptions = {},
): Persister {
  let collecting: Batch | null = null
  /** Sealed batches not yet committed, oldest first: the one being written, or failed ones. */
  let sealed: Batch[] = []
  /** Updates in `collecting` and `sealed`: health is read for every update, so it is kept, not counted. */
  let unstoredTotal = 0
  let timer: NodeJS.Timeout | null = null
  let writing: Promise<void> | null = null
  let writeStartedAt = 0
  let retryMs = 0
  let lastError: string | null = null
  let healthWaiters: Array<() => void> = []
  let closing = false
  let probeTimer: NodeJS.Timeout | null = null
  /** When the last commit succeeded: a commit is a better sign of health than any probe. */
  let lastCommitAt = Number.NEGATIVE_INFINITY

  const pending = () => collecting !== null || sealed.length > 0

  const schedule = () => {
    if (timer !== null || writing !== null || closing) return
    timer = setTimeout(run, lastError === null ? groupCommitMs : retryMs)
  }

  const run = () => {
    timer = null
    writing = writeSealed().finally(() => {
      writing = null
      if (pending()) schedule()
    })
  }

  const writeSealed = async () => {
    if (collecting !== null) sealed.push(collecting)
    collecting = null
    const batches = sealed
    writeStartedAt = performance.now()
    let seqs: number[]
    try {
      seqs = await store.append(batches.flatMap((batch) => batch.updates))
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error)
      retryMs = Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, retryMs * 2))
      events.onError?.(error, retryMs)
      return
    }
    const elapsedMs = performance.now() - writeStartedAt
    const committed = batches.map((batch) => ({
      batch,
      rows: rowsByRoom(batch.updates, seqs.splice(0, batch.updates.length)),
    }))
    sealed = sealed.slice(batches.length)
    for (const batch of batches) unstoredTotal -= batch.updates.length
    lastCommitAt = performance.now()
    lastError = null
    retryMs = 0
    for (const { batch, rows } of committed) {
      events.onCommit?.(elapsedMs, rows)
      batch.resolve(rows)
    }
    for (const wake of healthWaiters.splice(0)) wake()
  }

  const ping = store.ping?.bind(store)
  const probe = async () => {
    probeTimer = null
    if (ping === undefined || closing) return
    // While writes are queued, they are the probe: their retries set and clear the error.
    if (!pending() && writing === null) {
      const probedAt = performance.now()
      try {
        await withTimeout(ping(), PROBE_TIMEOUT_MS)
        if (lastError !== null && !pending()) {
          lastError = null
          retryMs = 0
          events.onRecover?.()
          for (const wake of healthWaiters.splice(0)) wake()
        }
      } catch (error) {
        // A commit that succeeded while the probe waited says the store works: a slow probe on a
        // busy server must not refuse writes that are being stored.
        if (!pending() && lastCommitAt < probedAt) {
          if (lastError === null) events.onUnreachable?.(error)
          lastError = error instanceof Error ? error.message : String(error)
        }
      }
    }
    if (!closing) probeTimer = setTimeout(probe, PROBE_INTERVAL_MS).unref()
  }
  if (ping !== undefined) probeTimer = setTimeout(probe, PROBE_INTERVAL_MS).unref()

  const unstoredCounts = (): Map<string, number> => {
    const counts = new Map<string, number>()
    for (const batch of collecting === null ? sealed : [...sealed, collecting]) {
      for (const { room } of batch.updates) counts.set(room, (counts.get(room) ?? 0) + 1)
    }
    return counts
  }

  const health = (): StoreHealth => {
    const unstoredUpdates = unstoredTotal
    if (lastError !== null) return { ok: false, reason: lastError, unstoredUpdates }
    const stalledMs = writing === null ? 0 : performance.now() - writeStartedAt
    if (stalledMs > WRITE_STALL_MS) {
      return {
        ok: false,
        reason: `a write has not finished for ${Math.round(stalledMs)} ms`,
        unstoredUpdates,
      }
    }
    return { ok: true, reason: null, unstoredUpdates }
  }

  const flush = async (timeoutMs: number): Promise<Map<string, number>> => {
    const deadline = performance.now() + timeoutMs
    while (pending() && performance.now() < deadline) {
      if (timer !== null) clearTimeout(timer)
      timer = null
      if (writing === null) run()
      const left = deadline - performance.now()
      await within(writing ?? Promise.resolve(), left)
      // After a failure, wait out the backoff (on a timer, so the process keeps serving) before trying again.
      if (lastError !== null) await within(new Promise((resolve) => setTimeout(resolve, retryMs)), left)
    }
    return unstoredCounts()
  }

  return {
    enqueue(room, update) {
      if (closing) return Promise.reject(new Error('persister closed before the update was stored'))
      collecting ??= createBatch()
      collecting.updates.push({ room, update })
      unstoredTotal++
      schedule()
      return collecting.committed
    },
    unstored(room) {
      const updates: Uint8Array[] = []
      let committed: Promise<CommittedRows> = Promise.resolve(new Map())
      for (const batch of collecting === null ? sealed : [...sealed, collecting]) {
        for (const queued of batch.updates) {
          if (queued.room !== room) continue
          updates.push(queued.update)
          committed = batch.committed
        }
      }
      return { updates, committed }
    },
    get health() {
      return health()
    },
    whenHealthy() {
      if (lastError === null) return Promise.resolve()
      return new Promise((resolve) => healthWaiters.push(resolve))
    },
    flush,
    async close(timeoutMs) {
      const lost = await flush(timeoutMs)
      closing = true
      if (timer !== null) clearTimeout(timer)
      if (probeTimer !== null) clearTimeout(probeTimer)
      const error = new Error('persister closed before the update was stored')
      for (const batch of collecting === null ? sealed : [...sealed, collecting]) batch.reject(error)
      collecting = null
      sealed = []
      unstoredTotal = 0
      healthWaiters = []
      return lost
    },
  }
}

function rowsByRoom(updates: readonly StoredUpdate[], seqs: readonly number[]): CommittedRows {
  const rows = new Map<string, StoredRow[]>()
  updates.forEach(({ room, update }, i) => {
    const row = { seq: seqs[i] ?? 0, update }
    const list = rows.get(room)
    if (list === undefined) rows.set(room, [row])
    else list.push(row)
  })
  return rows
}

/** `promise`, or a rejection once `ms` have passed without an answer. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store did not answer within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Waits for `promise`, but no longer than `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))))])
  clearTimeout(timer)
}
