// When a room's stored rows are merged into one snapshot. Loading a room reads every row, so rows
// must not pile up; merging costs time in proportion to the whole room, so it must not run too
// often either. This module holds that policy and runs the merges; rooms and the registry only
// report what they stored and loaded.
import type { Logger } from 'pino'
import type { MergeUpdates } from './merger.js'
import type { RelayMetrics } from './metrics.js'
import type { RoomStore } from './store/types.js'

/** However small its updates, a room is compacted before a load would read more rows than this. */
const MAX_ROWS_BEFORE_COMPACTION = 20_000

export interface CompactorOptions {
  store: RoomStore
  merge: MergeUpdates
  metrics: RelayMetrics
  log: Logger
  /** Stored rows below which a room is never compacted. */
  compactAfterUpdates: number
  /**
   * A loaded room is compacted at most once in this long, counting from its load, unless its rows
   * reach MAX_ROWS_BEFORE_COMPACTION: during a burst each merge would rebuild the whole, growing
   * room (and its memory) only for the next to do it again. Leaving memory compacts at once.
   */
  compactIntervalMs: number
}

export interface Compactor {
  /** A room was loaded from these stored rows. */
  loaded(room: string, rows: readonly Uint8Array[]): void
  /** A commit added rows to a room; compacts it in the background when that pays off. */
  stored(room: string, rows: number, bytes: number): void
  /** Compacts now (a room leaving memory); a room of one row is left as it is. Never throws. */
  compactNow(room: string): Promise<void>
  forget(room: string): void
}

/** What is on disk for a room. */
interface Footprint {
  rows: number
  /** Bytes appended since the last snapshot, and the snapshot's own size. */
  bytesSinceSnapshot: number
  snapshotBytes: number
  /** When the room was loaded or last compacted (performance.now()). */
  since: number
  /** A compaction waiting for the interval to end. */
  deferred: NodeJS.Timeout | null
}

export function createCompactor(options: CompactorOptions): Compactor {
  const { store, log, metrics } = options
  const footprints = new Map<string, Footprint>()
  const running = new Map<string, Promise<void>>()

  // Each byte is merged about twice in its life: a big room waits until what was appended since its
  // snapshot is as large as the snapshot. The row cap keeps loads quick when appends are many and tiny.
  const worthCompacting = (footprint: Footprint): boolean =>
    footprint.rows >= options.compactAfterUpdates &&
    (footprint.bytesSinceSnapshot >= footprint.snapshotBytes || footprint.rows >= MAX_ROWS_BEFORE_COMPACTION)

  /** Compacts the room now, later (once its interval ends), or not at all, as its footprint says. */
  const consider = (room: string, footprint: Footprint) => {
    if (!worthCompacting(footprint) || running.has(room)) return
    const waitMs = footprint.since + options.compactIntervalMs - performance.now()
    // The row cap does not wait for the interval, even when a compaction is already deferred.
    if (waitMs <= 0 || footprint.rows >= MAX_ROWS_BEFORE_COMPACTION) {
      cancelDeferred(footprint)
      setImmediate(() => void compactOnce(room))
      return
    }
    footprint.deferred ??= setTimeout(() => {
      footprint.deferred = null
      if (footprints.get(room) === footprint && worthCompacting(footprint)) void compactOnce(room)
    }, waitMs).unref()
  }

  function cancelDeferred(footprint: Footprint): void {
    if (footprint.deferred !== null) clearTimeout(footprint.deferred)
    footprint.deferred = null
  }

  function forgetFootprint(room: string): void {
    const footprint = footprints.get(room)
    if (footprint !== undefined) cancelDeferred(footprint)
    footprints.delete(room)
  }

  const compact = async (room: string): Promise<void> => {
    const started = performance.now()
    try {
      await store.compact(room, options.merge)
      const stats = await store.stats(room)
      const footprint = footprints.get(room)
      if (footprint !== undefined) {
        Object.assign(footprint, {
          rows: stats.updates,
          snapshotBytes: stats.bytes,
          bytesSinceSnapshot: 0,
          since: performance.now(),
        })
      }
      metrics.compactions.inc()
      log.info({ room, ms: Math.round(performance.now() - started), bytes: stats.bytes }, 'room compacted')
    } catch (error) {
      log.error({ room, err: error }, 'compaction failed; the room keeps its rows')
    }
  }

  const compactOnce = (room: string): Promise<void> => {
    const current = running.get(room)
    if (current !== undefined) return current
    const done = compact(room).finally(() => running.delete(room))
    running.set(room, done)
    return done
  }

  return {
    loaded(room, rows) {
      const [snapshot, ...rest] = rows
      const footprint: Footprint = {
        rows: rows.length,
        snapshotBytes: snapshot?.byteLength ?? 0,
        bytesSinceSnapshot: rest.reduce((sum, row) => sum + row.byteLength, 0),
        since: performance.now(),
        deferred: null,
      }
      forgetFootprint(room)
      footprints.set(room, footprint)
      // Loaded from many rows: the next load should not read them all again, whatever the interval.
      if (worthCompacting(footprint)) setImmediate(() => void compactOnce(room))
    },
    stored(room, rows, bytes) {
      const footprint = footprints.get(room)
      if (footprint === undefined) return
      footprint.rows += rows
      footprint.bytesSinceSnapshot += bytes
      consider(room, footprint)
    },
    compactNow(room) {
      const rows = footprints.get(room)?.rows
      return rows !== undefined && rows < 2 ? Promise.resolve() : compactOnce(room)
    },
    forget: forgetFootprint,
  }
}
