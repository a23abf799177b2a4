// The seam between rooms and disk. Every backend passes the contract suite in contract.ts.

/** One update to append to one room. */
export interface StoredUpdate {
  room: string
  update: Uint8Array
}

/** A stored row of a room: its per-room sequence number (1, 2, ...) and its update. */
export interface StoredRow {
  seq: number
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
  /**
   * The room's rows with a seq above `afterSeq`, in seq order. Everything stored after `afterSeq`
   * is in them, perhaps inside a snapshot that also holds older rows (applying twice is harmless).
   */
  readAfter(room: string, afterSeq: number): Promise<StoredRow[]>
  /** The seq of the room's last stored row; 0 for a room never written. */
  headSeq(room: string): Promise<number>
  /**
   * Stores a batch atomically and durably: when this resolves, all of it survives a crash.
   * Resolves with each row's seq, in batch order; a room's seqs grow by one per row, and a row
   * is never visible before the rows of lower seq in its room.
   */
  append(batch: readonly StoredUpdate[]): Promise<number[]>
  /**
   * Replaces the room's stored updates by `merge(updates)` in one atomic step. The merge may take
   * its time (it runs off the main thread); updates appended meanwhile are kept after the snapshot.
   * The snapshot takes the seq of the last row it merged and only the merged rows are deleted.
   * Where several processes share the storage, one compacts a room at a time; the others return.
   */
  compact(room: string, merge: (updates: Uint8Array[]) => Promise<Uint8Array>): Promise<void>
  stats(room: string): Promise<RoomStats>
  /**
   * Checks that the store answers, for a store that can be out of reach (a database server);
   * absent for embedded stores, whose failures show up on writes.
   */
  ping?(): Promise<void>
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
