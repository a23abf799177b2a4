// The seam between rooms and disk. Every backend passes the contract suite in contract.ts.

/** One update to append to one room. */
export interface StoredUpdate {
  room: string
  update: Uint8Array
}

export interface RoomStats {
  /** Rows a load must read; compaction brings this back to one. */
  updates: number
  bytes: number
}

export interface RoomStore {
  /** Every stored update of a room, oldest first; empty for a room never written. */
  load(room: string): Promise<Uint8Array[]>
  /** Stores a batch atomically and durably: when this resolves, all of it survives a crash. */
  append(batch: readonly StoredUpdate[]): Promise<void>
  /**
   * Replaces the room's stored updates by `merge(updates)` in one atomic step. Updates appended
   * while merging are kept after the snapshot.
   */
  compact(room: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<void>
  stats(room: string): Promise<RoomStats>
  close(): Promise<void>
}
