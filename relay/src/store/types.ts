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
   * Replaces the room's stored updates by `merge(updates)` in one atomic step. The merge may take
   * its time (it runs off the main thread); updates appended meanwhile are kept after the snapshot.
   */
  compact(room: string, merge: (updates: Uint8Array[]) => Promise<Uint8Array>): Promise<void>
  stats(room: string): Promise<RoomStats>
  close(): Promise<void>
}

/** A stored attachment, addressed by the SHA-256 of its bytes. */
export interface StoredBlob {
  type: string
  data: Uint8Array
}

export interface BlobStore {
  /** Stores a blob durably. Storing a hash again is a no-op: content addressing makes it the same. */
  putBlob(hash: string, blob: StoredBlob): Promise<void>
  getBlob(hash: string): Promise<StoredBlob | null>
  hasBlob(hash: string): Promise<boolean>
}

/** What a relay needs of its storage: rooms and blobs, behind one backend. */
export type Store = RoomStore & BlobStore
