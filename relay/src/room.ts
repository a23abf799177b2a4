// One room: its Y.Doc, its presence and its connections. Sync handling, forwarding and durable
// acknowledgement live here; sockets, storage and scheduling are injected, so a room is testable
// without a network.
//
// When an update is acknowledged: the room forwards an accepted update at once and enqueues it in
// the persister, which returns its batch's promise. Once that promise resolves, everything the room
// had applied when it enqueued the batch's last update is on disk, and subscribers get that state
// vector (MESSAGE_DURABLE). Nothing is acknowledged before its commit.
import {
  CLOSE_BAD_REQUEST,
  CLOSE_FORBIDDEN_UPDATE,
  CLOSE_MISSING_DEPENDENCY,
  CLOSE_TOO_LARGE,
  CLOSE_UNAVAILABLE,
  type ClientMessage,
  encodeDurable,
  encodeRefused,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isPermanentRefusal,
  type Refusal,
} from '@parley/protocol'
import * as Y from 'yjs'
import type { Compactor } from './compaction.js'
import { missingDependencies } from './dependencies.js'
import type { RejectReason, RelayMetrics } from './metrics.js'
import { createParkingLot, type ParkingLimits, type ParkingLot } from './parking.js'
import type { Persister, Unstored } from './persister.js'
import { type PresenceLimits, RoomPresence } from './presence.js'
import { createTokenBucket, type TokenBucket } from './rateLimit.js'
import { dependsOnRefused, describeUpdate, itemRanges, type RefusedRanges } from './refusals.js'
import { checkUpdate, type RefusalKind, type UpdateLimits } from './rules.js'

/** What a room needs of a socket. */
export interface Connection {
  /**
   * Queues a frame; a connection that cannot keep up closes itself as too slow. `shared` marks a
   * cached frame sent to many connections, which costs its memory once.
   */
  send(frame: Uint8Array, shared?: boolean): void
  close(code: number, reason: string): void
  /** Checks that the peer is still there; a dead one is closed, which makes it leave. */
  probe(): void
}

export interface RoomLimits extends UpdateLimits, ParkingLimits, PresenceLimits {
  maxRoomBytes: number
  /** Refused updates a connection may send in a burst before it is closed (refilling one per minute). */
  maxRefusalBurst: number
}

export interface RoomOptions {
  name: string
  /** The room's stored updates, oldest first. */
  stored: Uint8Array[]
  /** Its updates still queued in the persister (a room unloaded while the store failed), if any. */
  unstored?: Unstored
  persister: Persister
  compactor: Compactor
  limits: RoomLimits
  metrics: RelayMetrics
}

const REFUSALS_REFILL_PER_SECOND = 1 / 60

interface ConnectionState {
  wantsDurable: boolean
  wantsRefusals: boolean
  /** Refusals left before the connection is closed. */
  refusals: TokenBucket
  /** Items of this connection the relay refused for good: what depends on them is refused too. */
  refused: RefusedRanges
  /** Refused while the store failed: asked for its updates again once the store recovers. */
  needsResync: boolean
}

/** The batch an update went into, and what acknowledging it will say. */
interface PendingCommit {
  committed: Promise<void>
  /** The doc's state after the batch's last update: everything in it, and before it. */
  state: Map<number, number>
  rows: number
  bytes: number
}

const CLOSE_CODE: Record<RefusalKind, number> = {
  forbidden: CLOSE_FORBIDDEN_UPDATE,
  tooLarge: CLOSE_TOO_LARGE,
  malformed: CLOSE_BAD_REQUEST,
}
const REASON_PREFIX: Record<RefusalKind, string> = {
  forbidden: 'forbidden update',
  tooLarge: 'too large',
  malformed: 'bad request',
}

export class Room {
  readonly name: string
  readonly doc = new Y.Doc({ gc: false })
  readonly presence: RoomPresence<Connection>
  private readonly connections = new Map<Connection, ConnectionState>()
  private readonly parking: ParkingLot<Connection>
  private roomBytes = 0
  private durableStateVector: Uint8Array
  private fullStateFrame: Uint8Array | null = null
  private pendingCommit: PendingCommit | null = null
  private lastWrite: Promise<void> = Promise.resolve()
  private expiryTimer: NodeJS.Timeout | null = null
  private awaitingHealthyStore = false
  private destroyed = false

  constructor(private readonly options: RoomOptions) {
    this.name = options.name
    this.applyAll(options.stored)
    this.durableStateVector = Y.encodeStateVector(this.doc)
    const unstored = options.unstored
    if (unstored !== undefined && unstored.updates.length > 0) {
      this.applyAll(unstored.updates)
      // Enqueued by this room's previous life: acknowledged once the persister stores them.
      this.trackCommit(
        unstored.committed,
        Y.decodeStateVector(Y.encodeStateVector(this.doc)),
        unstored.updates,
      )
    }
    this.parking = createParkingLot(options.limits)
    this.presence = new RoomPresence(this.doc, {
      limits: options.limits,
      broadcast: (frame) => {
        for (const connection of this.connections.keys()) connection.send(frame)
      },
      contested: (holder) => holder.probe(),
    })
    this.doc.on('update', this.onDocUpdate)
  }

  get connectionCount(): number {
    return this.connections.size
  }

  /** Resolves once everything this room has accepted so far is stored. */
  get written(): Promise<void> {
    return this.lastWrite
  }

  join(connection: Connection): void {
    this.connections.set(connection, {
      wantsDurable: false,
      wantsRefusals: false,
      refusals: createTokenBucket(REFUSALS_REFILL_PER_SECOND, this.options.limits.maxRefusalBurst),
      refused: [],
      needsResync: false,
    })
    connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    const states = this.presence.statesFrame()
    if (states !== null) connection.send(states)
  }

  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return
    this.parking.dropOwner(connection)
    this.presence.release(connection)
  }

  /** Handles one decoded message. Throws ProtocolError for a frame that must close the connection. */
  receive(connection: Connection, message: ClientMessage): void {
    // A connection that has left (or a destroyed room) gets nothing: its frames may still be queued.
    const state = this.connections.get(connection)
    if (state === undefined) return
    switch (message.type) {
      case 'syncStep1': {
        const frame = this.syncStep2For(message.stateVector)
        connection.send(frame, frame === this.fullStateFrame)
        return
      }
      case 'update':
        this.receiveUpdate(connection, state, message.update)
        return
      case 'awareness': {
        const refusal = this.presence.apply(connection, message.update)
        if (refusal !== null) this.refuse(connection, 'presence', refusalOf(CLOSE_FORBIDDEN_UPDATE, refusal))
        return
      }
      case 'queryAwareness': {
        const states = this.presence.statesFrame()
        if (states !== null) connection.send(states)
        return
      }
      case 'durableSubscribe':
        state.wantsDurable = true
        connection.send(encodeDurable(this.durableStateVector))
        return
      case 'refusalsSubscribe':
        state.wantsRefusals = true
        return
    }
  }

  /** Closes every connection and frees the document. */
  destroy(code: number, reason: string): void {
    this.destroyed = true
    if (this.expiryTimer !== null) clearTimeout(this.expiryTimer)
    for (const connection of [...this.connections.keys()]) connection.close(code, reason)
    this.connections.clear()
    this.presence.destroy()
    this.doc.destroy()
  }

  private syncStep2For(stateVector: Uint8Array): Uint8Array {
    // A fresh client sends an empty state vector; most joins are that, so the answer is cached.
    if (Y.decodeStateVector(stateVector).size > 0) {
      return encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector))
    }
    this.fullStateFrame ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc))
    return this.fullStateFrame
  }

  private readonly stateOf = (client: number): number => Y.getState(this.doc.store, client)

  private receiveUpdate(connection: Connection, state: ConnectionState, update: Uint8Array): void {
    const verdict = checkUpdate(update, this.options.limits)
    if (!verdict.ok) {
      const { kind, reason, offending } = verdict
      const refusal = refusalOf(CLOSE_CODE[kind], `${REASON_PREFIX[kind]}: ${reason}`)
      refusal.offending = offending === null ? [] : [offending]
      refusal.dropped = describeUpdate(update, this.stateOf)
      this.refuse(connection, kind, refusal)
      return
    }
    const fresh = verdict.items.filter((item) => item.id.clock + item.length > this.stateOf(item.id.client))
    if (fresh.length === 0) return // everything in it is here already: a resend
    const missing = missingDependencies(verdict.items, verdict.skips, this.stateOf)
    if (missing.size === 0) {
      this.admit(connection, update, fresh)
      return
    }
    const parkRefusal = dependsOnRefused(missing, state.refused)
      ? 'missing dependency: it depends on entries the relay refused'
      : this.parkOrRefuse(connection, update, missing)
    if (parkRefusal !== null) {
      const refusal = refusalOf(CLOSE_MISSING_DEPENDENCY, parkRefusal)
      refusal.dropped = itemRanges(fresh)
      this.refuse(connection, 'missingDependency', refusal)
    }
  }

  private parkOrRefuse(
    connection: Connection,
    update: Uint8Array,
    missing: Map<number, number>,
  ): string | null {
    if (this.roomBytes + this.parking.bytes + update.byteLength > this.options.limits.maxRoomBytes) {
      return `too large: room is full (${this.options.limits.maxRoomBytes} bytes)`
    }
    const problem = this.parking.park({
      owner: connection,
      update,
      missing,
      expiresAt: performance.now() + this.options.limits.parkedTtlMs,
    })
    if (problem !== null) return `missing dependency: ${problem}`
    this.scheduleExpiry()
    // The sender may hold what is missing (another tab's entries): its answer to a syncStep1 carries it.
    connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    return null
  }

  /** Applies an update whose dependencies are all here, if the store and the room can take it. */
  private admit(connection: Connection | null, update: Uint8Array, fresh: Y.Item[]): void {
    const health = this.options.persister.health
    if (!health.ok) {
      const refusal = refusalOf(CLOSE_UNAVAILABLE, 'unavailable: storage is failing, retry later')
      refusal.dropped = itemRanges(fresh)
      this.refuse(connection, 'unavailable', refusal)
      return
    }
    if (this.roomBytes + update.byteLength > this.options.limits.maxRoomBytes) {
      const refusal = refusalOf(
        CLOSE_TOO_LARGE,
        `too large: room is full (${this.options.limits.maxRoomBytes} bytes)`,
      )
      refusal.dropped = itemRanges(fresh)
      this.refuse(connection, 'tooLarge', refusal)
      return
    }
    Y.applyUpdate(this.doc, update, connection)
    this.options.metrics.updatesAccepted.inc()
    this.admitParked()
  }

  /** Parked updates whose dependencies have now arrived. */
  private admitParked(): void {
    for (const parked of this.parking.takeReady(this.stateOf)) {
      const owner = this.connections.has(parked.owner) ? parked.owner : null
      const verdict = checkUpdate(parked.update, this.options.limits)
      if (!verdict.ok) continue // cannot happen: it passed before it was parked
      const fresh = verdict.items.filter((item) => item.id.clock + item.length > this.stateOf(item.id.client))
      if (fresh.length === 0) continue
      if (missingDependencies(verdict.items, verdict.skips, this.stateOf).size > 0) continue
      this.admit(owner, parked.update, fresh)
    }
  }

  private scheduleExpiry(): void {
    const next = this.parking.nextExpiry
    if (this.expiryTimer !== null || next === null || this.destroyed) return
    this.expiryTimer = setTimeout(
      () => {
        this.expiryTimer = null
        for (const parked of this.parking.takeExpired(performance.now())) {
          const refusal = refusalOf(
            CLOSE_MISSING_DEPENDENCY,
            'missing dependency: what it depends on never arrived',
          )
          refusal.dropped = describeUpdate(parked.update, this.stateOf)
          this.refuse(parked.owner, 'missingDependency', refusal)
        }
        this.scheduleExpiry()
      },
      Math.max(0, next - performance.now()),
    )
  }

  /**
   * Ends one update, not the session: the connection keeps reading, a subscribed client learns what
   * was refused and why, and only a connection that keeps sending refused updates is closed.
   */
  private refuse(connection: Connection | null, reason: RejectReason, refusal: Refusal): void {
    this.options.metrics.updatesRejected.inc({ reason })
    const state = connection === null ? undefined : this.connections.get(connection)
    if (connection === null || state === undefined) return
    if (state.wantsRefusals) connection.send(encodeRefused(refusal))
    if (!isPermanentRefusal(refusal.code)) {
      // Not the client's fault: no strike, and its entries are asked for again once they can be stored.
      this.resyncOnceHealthy(state)
      return
    }
    state.refused.push(...refusal.dropped)
    state.refused.splice(0, state.refused.length - MAX_REMEMBERED_REFUSALS)
    if (!state.refusals.take()) connection.close(refusal.code, refusal.reason)
  }

  /** Once the store works again, asks the connection for what the relay lacks (its pending entries). */
  private resyncOnceHealthy(state: ConnectionState): void {
    state.needsResync = true
    if (this.awaitingHealthyStore) return
    this.awaitingHealthyStore = true
    void this.options.persister.whenHealthy().then(() => {
      this.awaitingHealthyStore = false
      if (this.destroyed) return
      const frame = encodeSyncStep1(Y.encodeStateVector(this.doc))
      for (const [connection, connectionState] of this.connections) {
        if (!connectionState.needsResync) continue
        connectionState.needsResync = false
        connection.send(frame)
      }
    })
  }

  /** Every change that reached the doc: forward it at once, acknowledge it once it is stored. */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
    this.fullStateFrame = null
    this.roomBytes += update.byteLength
    const frame = encodeUpdate(update)
    for (const connection of this.connections.keys()) {
      if (connection !== origin) connection.send(frame)
    }
    this.trackCommit(this.options.persister.enqueue(this.name, update), tr.afterState, [update])
  }

  /** Notes that `updates` went into the batch `committed` stands for; `state` covers them and all before. */
  private trackCommit(committed: Promise<void>, state: Map<number, number>, updates: Uint8Array[]): void {
    let pending = this.pendingCommit
    if (pending === null || pending.committed !== committed) {
      const batch: PendingCommit = { committed, state, rows: 0, bytes: 0 }
      pending = batch
      this.pendingCommit = batch
      this.lastWrite = committed.then(
        () => this.acknowledge(batch),
        () => {}, // the relay is closing; shutdown reports what was not stored
      )
    }
    pending.state = state
    pending.rows += updates.length
    for (const update of updates) pending.bytes += update.byteLength
  }

  /** Loads updates before the doc is observed: they are neither forwarded nor stored again. */
  private applyAll(updates: readonly Uint8Array[]): void {
    this.doc.transact(() => {
      for (const update of updates) {
        Y.applyUpdate(this.doc, update)
        this.roomBytes += update.byteLength
      }
    })
  }

  private acknowledge(batch: PendingCommit): void {
    if (this.pendingCommit === batch) this.pendingCommit = null
    this.options.compactor.stored(this.name, batch.rows, batch.bytes)
    if (this.destroyed) return
    this.durableStateVector = Y.encodeStateVector(batch.state)
    const frame = encodeDurable(this.durableStateVector)
    for (const [connection, state] of this.connections) {
      if (state.wantsDurable) connection.send(frame)
    }
  }
}

/** Ranges of refused items remembered per connection, to refuse what depends on them. */
const MAX_REMEMBERED_REFUSALS = 256

function refusalOf(code: number, reason: string): Refusal {
  return { code, reason, offending: [], dropped: [] }
}
