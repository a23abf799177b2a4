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

/** What one upload may take: `maxBytes` for the blob, `maxTotalBytes` for all blobs together. */
export interface BlobPutLimits {
  maxBytes: number
  /** Stored bytes plus bytes of uploads still arriving may not pass this. */
  maxTotalBytes: number
}

/**
 * How a putBlob ended. Every outcome but `stored` leaves storage as it was; `tooLarge` and
 * `overQuota` stop reading the body at the first chunk over the limit, `existing` may not read it.
 */
export type PutBlobResult =
  | { result: 'stored'; bytes: number }
  | { result: 'existing' }
  | { result: 'tooLarge' }
  | { result: 'hashMismatch'; actualHash: string; bytes: number }
  | { result: 'overQuota' }

/** A stored attachment, addressed by the SHA-256 of its bytes, ready to be streamed. */
export interface OpenedBlob {
  type: string
  size: number
  /** The bytes, read as they are consumed; each call starts from the beginning. */
  stream(): AsyncIterable<Uint8Array>
}

export interface BlobUsage {
  bytes: number
  count: number
}

export interface BlobStore {
  /**
   * Streams `body` into storage, checking its size, the quota and its SHA-256 against `hash` as
   * the bytes arrive. Resolves once a stored blob is durable; storing a hash again is a no-op
   * (content addressing makes it the same). Rejects, storing nothing, if `body` throws.
   */
  putBlob(
    hash: string,
    type: string,
    body: AsyncIterable<Uint8Array>,
    limits: BlobPutLimits,
  ): Promise<PutBlobResult>
  openBlob(hash: string): Promise<OpenedBlob | null>
  hasBlob(hash: string): Promise<boolean>
  /** What stored blobs take now (uploads in progress not included); cheap enough for every request. */
  usage(): BlobUsage
}

/** What a relay needs of its storage: rooms and blobs, behind one backend. */
export type Store = RoomStore & BlobStore
