// Which rooms are in memory. A room is loaded when its first connection arrives and unloaded a
// grace period after its last one leaves, so memory follows active rooms, not stored ones.
import type { Logger } from 'pino'
import type { MergeUpdates } from './merger.js'
import type { RelayMetrics } from './metrics.js'
import type { Persister, StoredRows } from './persister.js'
import { Room, type RoomLimits } from './room.js'
import type { RoomStore } from './store/types.js'

/** However small its updates, a room is compacted before a load would read more rows than this. */
const MAX_ROWS_BEFORE_COMPACTION = 20_000

export interface RoomRegistryOptions {
  store: RoomStore
  persister: Persister
  merge: MergeUpdates
  limits: RoomLimits
  metrics: RelayMetrics
  log: Logger
  idleUnloadMs: number
  /** Stored rows after which a room is merged into one snapshot in the background. */
  compactAfterUpdates: number
}

export interface RoomRegistry {
  /** The loaded room, loading it first if needed. Pair every acquire with a release. */
  acquire(name: string): Promise<Room>
  release(room: Room): void
  /** Persister events: a batch is about to be written / was committed. */
  beforeWrite(rooms: Set<string>): void
  noteStored(storedByRoom: Map<string, StoredRows>): void
  readonly loadedCount: number
  /** Waits for every room's writes, then frees them all, closing their connections. */
  closeAll(code: number, reason: string): Promise<void>
}

interface Entry {
  room: Promise<Room>
  loaded: Room | null
  users: number
  idleTimer: NodeJS.Timeout | null
}

/** What is on disk for a room, to decide when compacting pays off. */
interface Footprint {
  rows: number
  /** Bytes appended since the last snapshot, and the snapshot's own size. */
  bytesSinceSnapshot: number
  snapshotBytes: number
}

export function createRoomRegistry(options: RoomRegistryOptions): RoomRegistry {
  const { store, log, metrics } = options
  const entries = new Map<string, Entry>()
  const unloading = new Map<string, Promise<void>>()
  const footprints = new Map<string, Footprint>()
  const compacting = new Set<string>()
  let closed = false

  const load = async (name: string): Promise<Room> => {
    await unloading.get(name)
    const started = performance.now()
    const updates = await store.load(name)
    const room = new Room({ ...options, name, updates })
    const [first, ...rest] = updates
    footprints.set(name, {
      rows: updates.length,
      snapshotBytes: first?.byteLength ?? 0,
      bytesSinceSnapshot: rest.reduce((sum, update) => sum + update.byteLength, 0),
    })
    metrics.roomsLoaded.inc()
    log.info({ room: name, rows: updates.length, ms: Math.round(performance.now() - started) }, 'room loaded')
    if (worthCompacting(name)) scheduleCompaction(name)
    return room
  }

  // Merging costs time in proportion to the whole room, so a big room waits until what was
  // appended since its snapshot is as large as the snapshot: each byte is merged about twice in
  // its life. A cap on rows keeps loads quick when the appends are many and tiny.
  const worthCompacting = (name: string): boolean => {
    const footprint = footprints.get(name)
    if (footprint === undefined || footprint.rows < options.compactAfterUpdates) return false
    return (
      footprint.bytesSinceSnapshot >= footprint.snapshotBytes || footprint.rows >= MAX_ROWS_BEFORE_COMPACTION
    )
  }

  const compact = async (name: string) => {
    const footprint = footprints.get(name)
    if (compacting.has(name) || footprint === undefined || footprint.rows < 2) return
    compacting.add(name)
    try {
      const started = performance.now()
      await store.compact(name, options.merge)
      const stats = await store.stats(name)
      Object.assign(footprint, { rows: stats.updates, snapshotBytes: stats.bytes, bytesSinceSnapshot: 0 })
      metrics.compactions.inc()
      log.info(
        { room: name, ms: Math.round(performance.now() - started), bytes: stats.bytes },
        'room compacted',
      )
    } catch (error) {
      log.error({ room: name, err: error }, 'compaction failed; the room keeps its updates')
    } finally {
      compacting.delete(name)
    }
  }

  const scheduleCompaction = (name: string) => {
    setImmediate(() => void compact(name))
  }

  const unload = async (name: string, entry: Entry) => {
    entries.delete(name)
    const room = await entry.room
    await room.written
    await compact(name)
    room.destroy(1000, 'room unloaded')
    footprints.delete(name)
    metrics.roomsLoaded.dec()
    log.info({ room: name }, 'room unloaded')
  }

  return {
    async acquire(name) {
      if (closed) throw new Error('the relay is shutting down')
      let entry = entries.get(name)
      if (entry === undefined) {
        const created: Entry = { room: load(name), loaded: null, users: 0, idleTimer: null }
        // Registered first, so it runs before any connection can send into the room.
        created.room.then(
          (room) => {
            created.loaded = room
          },
          () => entries.delete(name),
        )
        entries.set(name, created)
        entry = created
      }
      entry.users++
      if (entry.idleTimer !== null) clearTimeout(entry.idleTimer)
      entry.idleTimer = null
      return entry.room
    },
    release(room) {
      const entry = entries.get(room.name)
      if (entry === undefined) return
      entry.users--
      if (entry.users > 0) return
      entry.idleTimer = setTimeout(() => {
        if (entry.users !== 0 || entries.get(room.name) !== entry) return
        const done = unload(room.name, entry).finally(() => unloading.delete(room.name))
        unloading.set(room.name, done)
      }, options.idleUnloadMs)
    },
    beforeWrite(rooms) {
      for (const name of rooms) entries.get(name)?.loaded?.beforeWrite()
    },
    noteStored(storedByRoom) {
      for (const [name, stored] of storedByRoom) {
        entries.get(name)?.loaded?.stored()
        const footprint = footprints.get(name)
        if (footprint === undefined) continue
        footprint.rows += stored.rows
        footprint.bytesSinceSnapshot += stored.bytes
        if (worthCompacting(name)) scheduleCompaction(name)
      }
    },
    get loadedCount() {
      return entries.size
    },
    async closeAll(code, reason) {
      closed = true
      const rooms = await Promise.allSettled([...entries.values()].map((entry) => entry.room))
      for (const entry of entries.values()) if (entry.idleTimer !== null) clearTimeout(entry.idleTimer)
      entries.clear()
      await Promise.all([...unloading.values()])
      for (const result of rooms) {
        if (result.status !== 'fulfilled') continue
        await result.value.written
        result.value.destroy(code, reason)
        metrics.roomsLoaded.dec()
      }
    },
  }
}
