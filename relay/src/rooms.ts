// Which rooms are in memory. A room is loaded when its first connection arrives and unloaded a
// grace period after its last one leaves, so memory follows active rooms, not stored ones.
// Unloading never waits for the store: updates not yet stored stay queued in the persister, and a
// room loaded again meanwhile reads them from there.
import type { VerifyEd25519 } from '@parley/protocol'
import type { Logger } from 'pino'
import type { Compactor } from './compaction.js'
import type { RelayMetrics } from './metrics.js'
import type { Persister } from './persister.js'
import { type EphemeralOutlet, Room, type RoomLimits } from './room.js'
import type { RoomStore } from './store/types.js'

export interface RoomRegistryOptions {
  store: RoomStore
  persister: Persister
  compactor: Compactor
  limits: RoomLimits
  metrics: RelayMetrics
  log: Logger
  idleUnloadMs: number
  /** A load that takes longer fails, so connections waiting for a stalled store are answered. */
  loadTimeoutMs: number
  /** Ed25519 verification of entry signatures, shared by every room. */
  verify: VerifyEd25519
  /** Every room's appended entries (see RoomOptions.onAppended). */
  onAppended?(room: string, authors: string[], position: number): void
  /** Cluster mode: links each loaded room to the other relays. */
  cluster?: RoomLinker
}

/** What links a loaded room to the other relays of a cluster (cluster/roomSync.ts). */
export interface RoomLinker {
  outlet(room: string): EphemeralOutlet
  /** Starts receiving for `room`; returns what stops it (called when the room unloads). */
  attach(room: Room): () => void
}

export interface RoomRegistry {
  /** The loaded room, loading it first if needed. Pair every acquire with a release. */
  acquire(name: string): Promise<Room>
  release(room: Room): void
  /** Whether the room has anything: loaded, stored, or queued to be stored. */
  exists(name: string): Promise<boolean>
  readonly loadedCount: number
  /** Frees every room now, closing its connections with `code`. */
  closeAll(code: number, reason: string): void
}

interface Entry {
  room: Promise<Room>
  loaded: Room | null
  detach: (() => void) | null
  users: number
  idleTimer: NodeJS.Timeout | null
}

export function createRoomRegistry(options: RoomRegistryOptions): RoomRegistry {
  const { store, persister, compactor, log, metrics } = options
  const entries = new Map<string, Entry>()
  let closed = false

  const load = async (name: string): Promise<Room> => {
    const started = performance.now()
    const stored = await withTimeout(store.readAfter(name, 0), options.loadTimeoutMs, `loading room ${name}`)
    const unstored = persister.unstored(name)
    const ephemeral = options.cluster?.outlet(name)
    const room = new Room({ ...options, name, stored, unstored, ...(ephemeral ? { ephemeral } : {}) })
    compactor.loaded(
      name,
      stored.map((row) => row.update),
    )
    metrics.roomsLoaded.inc()
    log.info(
      {
        room: name,
        rows: stored.length,
        unstored: unstored.updates.length,
        ms: Math.round(performance.now() - started),
      },
      'room loaded',
    )
    return room
  }

  const unload = (name: string, entry: Entry, room: Room) => {
    entries.delete(name)
    entry.detach?.()
    room.destroy(1000, 'room unloaded')
    metrics.roomsLoaded.dec()
    log.info({ room: name }, 'room unloaded')
    // Compacting needs every row stored; a room whose writes are still queued is compacted next time.
    if (persister.unstored(name).updates.length === 0) void compactor.compactNow(name)
    compactor.forget(name)
  }

  return {
    acquire(name) {
      if (closed) return Promise.reject(new Error('the relay is shutting down'))
      let entry = entries.get(name)
      if (entry === undefined) {
        const created: Entry = { room: load(name), loaded: null, detach: null, users: 0, idleTimer: null }
        // Registered first, so it runs before any connection can send into the room.
        created.room.then(
          (room) => {
            created.loaded = room
            if (closed) room.destroy(1001, 'going away: relay shutting down')
            else created.detach = options.cluster?.attach(room) ?? null
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
      if (entry === undefined || entry.loaded !== room) return
      entry.users--
      if (entry.users > 0) return
      entry.idleTimer = setTimeout(() => {
        if (entry.users === 0 && entries.get(room.name) === entry) unload(room.name, entry, room)
      }, options.idleUnloadMs)
    },
    async exists(name) {
      if (entries.has(name) || persister.unstored(name).updates.length > 0) return true
      return (await store.stats(name)).updates > 0
    },
    get loadedCount() {
      return entries.size
    },
    closeAll(code, reason) {
      closed = true
      for (const entry of entries.values()) {
        if (entry.idleTimer !== null) clearTimeout(entry.idleTimer)
        entry.detach?.()
        if (entry.loaded === null) continue
        entry.loaded.destroy(code, reason)
        metrics.roomsLoaded.dec()
      }
      entries.clear()
    },
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
