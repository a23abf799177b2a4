// When an update is acknowledged. The room enqueues every accepted update in the persister, which
// returns its batch's promise; once it resolves, everything the room had applied when it enqueued
// the batch's last update is on disk, and that state is what subscribers are told (MESSAGE_DURABLE).
// Nothing is acknowledged before its commit, and a connection is never told that an item it tried
// to write under someone else's client id is stored.
import { encodeDurable } from '@parley/protocol'
import * as Y from 'yjs'
import type { Compactor } from './compaction.js'

/** The batch updates went into, and what acknowledging it will say. */
interface PendingCommit {
  committed: Promise<unknown>
  /** The doc's state after the batch's last update: everything in it, and before it. */
  state: Map<number, number>
  rows: number
  bytes: number
}

export class DurableState {
  private stored: Map<number, number>
  private frame: Uint8Array | null = null
  private pending: PendingCommit | null = null
  private lastWrite: Promise<void> = Promise.resolve()

  constructor(
    private readonly room: string,
    initial: Map<number, number>,
    private readonly compactor: Compactor,
  ) {
    this.stored = initial
  }

  /** Resolves once everything tracked so far is stored. */
  get written(): Promise<void> {
    return this.lastWrite
  }

  /**
   * Notes that `updates` went into the batch `committed` stands for, and that `state` covers them
   * and everything before. Returns the batch's acknowledgement the first time a batch is seen
   * (resolving once it is stored), null for later updates of the same batch.
   */
  track(
    committed: Promise<unknown>,
    state: Map<number, number>,
    updates: readonly Uint8Array[],
  ): Promise<void> | null {
    let pending = this.pending
    let acknowledged: Promise<void> | null = null
    if (pending === null || pending.committed !== committed) {
      const batch: PendingCommit = { committed, state, rows: 0, bytes: 0 }
      pending = batch
      this.pending = batch
      acknowledged = committed.then(() => this.settle(batch))
      this.lastWrite = acknowledged.catch(() => {}) // the relay is closing: shutdown reports it
    }
    pending.state = state
    pending.rows += updates.length
    for (const update of updates) pending.bytes += update.byteLength
    return acknowledged
  }

  /** The acknowledgement to send a connection, without the clients it wrote under but does not own. */
  frameFor(foreignClients: ReadonlySet<number>): Uint8Array {
    if (foreignClients.size === 0) {
      const frame = this.frame ?? encodeDurable(Y.encodeStateVector(this.stored))
      this.frame = frame
      return frame
    }
    const own = new Map([...this.stored].filter(([client]) => !foreignClients.has(client)))
    return encodeDurable(Y.encodeStateVector(own))
  }

  /** Rows another relay stored, now applied here: their clients' items are on disk too. */
  includeStored(updates: readonly Uint8Array[]): void {
    for (const update of updates) this.merge(Y.parseUpdateMeta(update).to)
    // They are rows of this room all the same: a relay that only reads a busy room compacts it too.
    const bytes = updates.reduce((sum, update) => sum + update.byteLength, 0)
    this.compactor.stored(this.room, updates.length, bytes)
  }

  private settle(batch: PendingCommit): void {
    if (this.pending === batch) this.pending = null
    this.merge(batch.state)
    this.compactor.stored(this.room, batch.rows, batch.bytes)
  }

  /** Raises the stored state to `state` where it is ahead; what is stored never goes back. */
  private merge(state: Map<number, number>): void {
    const stored = new Map(this.stored)
    for (const [client, clock] of state) stored.set(client, Math.max(clock, stored.get(client) ?? 0))
    this.stored = stored
    this.frame = null
  }
}
