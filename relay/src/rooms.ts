// Which rooms are in memory. A room is loaded when its first connection arrives and unloaded a
// grace period after its last one leaves, so memory follows active rooms, not stored ones.
import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { RelayMetrics } from './metrics.js'
import type { Persister } from './persister.js'
import { Room, type RoomLimits } from './room.js'
import type { RoomStore } from './store/types.js'

export interface RoomRegistryOptions {
  store: RoomStore
  persister: Persister
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
  /** Called by the persister after each commit, to schedule compactions. */
  noteStored(rowsByRoom: Map<string, number>): void
  readonly loadedCount: number
  /** Waits for every room's writes, then frees them all, closing their connections. */
  closeAll(code: number, reason: string): Promise<void>
}

interface Entry {
  room: Promise<Room>
  users: number
  idleTimer: NodeJS.Timeout | null
}

export function createRoomRegistry(options: RoomRegistryOptions): RoomRegistry {
  const { store, log, metrics } = options
  const entries = new Map<string, Entry>()
  const unloading = new Map<string, Promise<void>>()
  const rowCounts = new Map<string, number>()
  const compacting = new Set<string>()

  const load = async (name: string): Promise<Room> => {
    await unloading.get(name)
    const started = performance.now()
    const updates = await store.load(name)
    const room = new Room({ ...options, name, updates })
    rowCounts.set(name, updates.length)
    metrics.roomsLoaded.inc()
    log.info({ room: name, rows: updates.length, ms: Math.round(performance.now() - started) }, 'room loaded')
    if (updates.length >= options.compactAfterUpdates) scheduleCompaction(name)
    return room
  }

  const compact = async (name: string) => {
    if (compacting.has(name) || (rowCounts.get(name) ?? 0) < 2) return
    compacting.add(name)
    try {
      const started = performance.now()
      await store.compact(name, Y.mergeUpdates)
      rowCounts.set(name, 1)
      metrics.compactions.inc()
      log.info({ room: name, ms: Math.round(performance.now() - started) }, 'room compacted')
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
    rowCounts.delete(name)
    metrics.roomsLoaded.dec()
    log.info({ room: name }, 'room unloaded')
  }

  const startUnload = (name: string, entry: Entry) => {
    const done = unload(name, entry).finally(() => unloading.delete(name))
    unloading.set(name, done)
  }

  return {
    async acquire(name) {
      let entry = entries.get(name)
      if (entry === undefined) {
        entry = { room: load(name), users: 0, idleTimer: null }
        entries.set(name, entry)
        entry.room.catch(() => entries.delete(name))
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
        if (entry.users === 0 && entries.get(room.name) === entry) startUnload(room.name, entry)
      }, options.idleUnloadMs)
    },
    noteStored(rowsByRoom) {
      for (const [name, rows] of rowsByRoom) {
        const count = (rowCounts.get(name) ?? 0) + rows
        rowCounts.set(name, count)
        if (count >= options.compactAfterUpdates) scheduleCompaction(name)
      }
    },
    get loadedCount() {
      return entries.size
    },
    async closeAll(code, reason) {
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
