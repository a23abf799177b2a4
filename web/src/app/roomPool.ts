// The rooms open in this tab: the one shown, and the few shown last, kept open (and syncing) so
// that going back to one paints at once instead of reading its history again. A room kept open
// while hidden publishes no presence, keeps its sidebar summary current, and is closed once it is
// the least recently shown beyond WARM_ROOMS, or after WARM_IDLE_MS hidden.

/** Hidden rooms kept open besides the one shown. */
export const WARM_ROOMS = 2
export const WARM_IDLE_MS = 5 * 60_000

/** What the pool needs of an open room. */
export interface PooledRoom {
  setPresent(present: boolean): void
  close(): Promise<void>
}

interface Entry<T extends PooledRoom> {
  room: T
  shown: number
  /** Set while hidden: the summary publisher and the idle timer. */
  hidden: { stop(): void; timer: ReturnType<typeof setTimeout> } | null
}

export interface RoomPool<T extends PooledRoom> {
  /** The open room `roomId` if there is one, without changing anything (safe during render). */
  peek(roomId: string): T | null
  /** Opens `roomId` (or takes it from the warm rooms) and shows it. */
  show(roomId: string): T
  /** The room is no longer shown: it stays open, hidden, for a while. */
  hide(roomId: string): void
  /** The room was closed by its owner (a repair closes it to delete its copy): forget it. */
  forget(roomId: string): void
  /** Ids of every open room (background syncing leaves these alone). */
  openIds(): ReadonlySet<string>
  subscribe(listener: () => void): () => void
  /** Closes every open room; the pool can open rooms again afterwards. */
  close(): void
}

export interface RoomPoolOptions<T extends PooledRoom> {
  open(roomId: string): T
  /** Keeps the hidden room's summary current; returns its stop. */
  watchHidden(roomId: string, room: T): () => void
  warmRooms?: number
  idleMs?: number
}

export function createRoomPool<T extends PooledRoom>(options: RoomPoolOptions<T>): RoomPool<T> {
  const { warmRooms = WARM_ROOMS, idleMs = WARM_IDLE_MS } = options
  const entries = new Map<string, Entry<T>>()
  const listeners = new Set<() => void>()
  let clock = 0
  let ids: ReadonlySet<string> = new Set()
  const changed = () => {
    ids = new Set(entries.keys())
    for (const listener of listeners) listener()
  }
  const unhide = (entry: Entry<T>) => {
    if (entry.hidden === null) return
    entry.hidden.stop()
    clearTimeout(entry.hidden.timer)
    entry.hidden = null
  }
  const drop = (roomId: string) => {
    const entry = entries.get(roomId)
    if (!entry) return
    unhide(entry)
    entries.delete(roomId)
    void entry.room.close()
  }
  const trim = () => {
    const hidden = [...entries].filter(([, entry]) => entry.hidden !== null)
    hidden.sort(([, a], [, b]) => a.shown - b.shown)
    for (const [roomId] of hidden.slice(0, Math.max(0, hidden.length - warmRooms))) drop(roomId)
  }
  return {
    peek: (roomId) => entries.get(roomId)?.room ?? null,
    show(roomId) {
      let entry = entries.get(roomId)
      if (!entry) {
        entry = { room: options.open(roomId), shown: 0, hidden: null }
        entries.set(roomId, entry)
      }
      unhide(entry)
      entry.shown = ++clock
      entry.room.setPresent(true)
      changed()
      return entry.room
    },
    hide(roomId) {
      const entry = entries.get(roomId)
      if (!entry || entry.hidden !== null) return
      entry.room.setPresent(false)
      const timer = setTimeout(() => {
        drop(roomId)
        changed()
      }, idleMs)
      entry.hidden = { stop: options.watchHidden(roomId, entry.room), timer }
      trim()
      changed()
    },
    forget(roomId) {
      const entry = entries.get(roomId)
      if (!entry) return
      unhide(entry)
      entries.delete(roomId)
      changed()
    },
    openIds: () => ids,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    // Listeners stay: a pool closed and used again (React's development double mount) still tells them.
    close() {
      for (const roomId of [...entries.keys()]) drop(roomId)
      changed()
    },
  }
}
