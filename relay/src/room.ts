// One room: its Y.Doc, its presence and its connections. The room routes messages, carries out
// what admission.ts decides about each update, forwards what it applies and tells subscribers what
// is stored (durability.ts). Sockets, storage and scheduling are injected, so a room is testable
// without a network.
import {
  CLOSE_FORBIDDEN_UPDATE,
  CLOSE_MISSING_DEPENDENCY,
  CLOSE_TOO_LARGE,
  CLOSE_UNAVAILABLE,
  type ClientMessage,
  encodeRefused,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isPermanentRefusal,
  type Refusal,
  type RoomRules,
  type VerifyEd25519,
} from '@parley/protocol'
import * as Y from 'yjs'
import { type AdmissionContext, admitUpdate } from './admission.js'
import { AppliedSeqs } from './cluster/appliedSeqs.js'
import { EPHEMERAL_AWARENESS, EPHEMERAL_SIGNAL } from './cluster/busMessages.js'
import type { Compactor } from './compaction.js'
import { DurableState } from './durability.js'
import type { RejectReason, RelayMetrics } from './metrics.js'
import { createParkingLot, type ParkingLimits, type ParkingLot } from './parking.js'
import type { CommittedRows, Persister, Unstored } from './persister.js'
import { type PresenceLimits, RoomPresence } from './presence.js'
import { createTokenBucket, type TokenBucket } from './rateLimit.js'
import { describeUpdate, itemRanges, type RefusedRanges } from './refusals.js'
import type { UpdateLimits } from './rules.js'
import { RoomSignalling, type SignalLimits } from './signalling.js'
import { ClientKeys, type SignedEntry } from './signatures.js'
import type { StoredRow } from './store/types.js'
import { changesRules, foldRoomRules, storedUpdateChangesRules } from './writers.js'

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

export interface RoomLimits extends UpdateLimits, ParkingLimits, PresenceLimits, SignalLimits {
  maxRoomBytes: number
  /** Refused updates a connection may send in a burst before it is closed (refilling one per minute). */
  maxRefusalBurst: number
}

/** Where a room sends what other relays of a cluster must see but that is never stored. */
export interface EphemeralOutlet {
  /** To every relay; `to` names the one awareness client id it is for, where it is for one. */
  publish(type: string, payload: Uint8Array, to?: number): void
}

export interface RoomOptions {
  name: string
  /** The room's stored rows, oldest first. */
  stored: readonly StoredRow[]
  /** Its updates still queued in the persister (a room unloaded while the store failed), if any. */
  unstored?: Unstored
  persister: Persister
  compactor: Compactor
  limits: RoomLimits
  metrics: RelayMetrics
  /** Ed25519 verification of entry signatures. */
  verify: VerifyEd25519
  /** Signed entries by `authors` were appended; the log now holds `position` entries (push). */
  onAppended?(room: string, authors: string[], position: number): void
  /** Cluster mode: presence of this relay's connections goes to the other relays through it. */
  ephemeral?: EphemeralOutlet
}

/** The origin of rows another relay stored: forwarded to connections, never stored again. */
const STORED_ELSEWHERE = Symbol('stored elsewhere')

const REFUSALS_REFILL_PER_SECOND = 1 / 60
/** Ranges of refused items remembered per connection, to refuse what depends on them. */
const MAX_REMEMBERED_REFUSALS = 256

interface ConnectionState {
  wantsDurable: boolean
  wantsRefusals: boolean
  /** Refusals left before the connection is closed. */
  refusals: TokenBucket
  /** Items of this connection the relay refused for good: what depends on them is refused too. */
  refused: RefusedRanges
  /** Client ids this connection wrote under that belong to another key: never acknowledged to it. */
  foreignClients: Set<number>
  /** Refused while the store failed: asked for its updates again once the store recovers. */
  needsResync: boolean
}

export class Room {
  readonly name: string
  readonly doc = new Y.Doc({ gc: false })
  readonly presence: RoomPresence<Connection>
  /** Signals between peers: never stored, never sent to a connection that did not ask for them. */
  readonly signalling: RoomSignalling<Connection>
  private readonly connections = new Map<Connection, ConnectionState>()
  private readonly parking: ParkingLot<Connection>
  private readonly clientKeys: ClientKeys
  /** Who may write (bans, members), folded from the log. */
  private rules: RoomRules
  private readonly durable: DurableState
  /** Which stored rows (by seq) the doc holds: a hole means a row another relay stored is missing. */
  private readonly seqs: AppliedSeqs
  /** A stored row that changes the rules waits in Yjs for a row before it (see applyStoredRows). */
  private rulesChangePending = false
  private roomBytes = 0
  private fullStateFrame: Uint8Array | null = null
  private expiryTimer: NodeJS.Timeout | null = null
  private awaitingHealthyStore = false
  private destroyed = false

  constructor(private readonly options: RoomOptions) {
    this.name = options.name
    this.applyAll(options.stored.map((row) => row.update))
    this.seqs = new AppliedSeqs(options.stored.at(-1)?.seq ?? 0)
    this.durable = new DurableState(this.name, stateOf(this.doc), options.compactor)
    const unstored = options.unstored
    if (unstored !== undefined && unstored.updates.length > 0) {
      this.applyAll(unstored.updates)
      // Enqueued by this room's previous life: acknowledged once the persister stores them.
      this.track(unstored.committed, stateOf(this.doc), unstored.updates)
    }
    this.clientKeys = new ClientKeys(this.doc)
    this.rules = foldRoomRules(this.log())
    this.parking = createParkingLot(options.limits)
    this.presence = new RoomPresence(this.doc, {
      limits: options.limits,
      broadcast: (frame) => {
        for (const connection of this.connections.keys()) connection.send(frame)
      },
      contested: (holder) => holder.probe(),
      publish:
        options.ephemeral === undefined
          ? undefined
          : (update) => options.ephemeral?.publish(EPHEMERAL_AWARENESS, update),
    })
    this.signalling = new RoomSignalling({
      limits: options.limits,
      holderOf: (clientId) => this.presence.holderOf(clientId),
      ...(options.ephemeral === undefined ? {} : { elsewhere: this.signalElsewhere(options.ephemeral) }),
    })
    this.doc.on('update', this.onDocUpdate)
  }

  get connectionCount(): number {
    return this.connections.size
  }

  /** Resolves once everything this room has accepted so far is stored. */
  get written(): Promise<void> {
    return this.durable.written
  }

  join(connection: Connection): void {
    this.connections.set(connection, {
      wantsDurable: false,
      wantsRefusals: false,
      refusals: createTokenBucket(REFUSALS_REFILL_PER_SECOND, this.options.limits.maxRefusalBurst),
      refused: [],
      foreignClients: new Set(),
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
    this.signalling.leave(connection)
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
        connection.send(this.durable.frameFor(state.foreignClients))
        return
      case 'refusalsSubscribe':
        state.wantsRefusals = true
        return
      case 'signalSubscribe':
        this.signalling.subscribe(connection)
        return
      case 'signal':
        this.signalling.route(connection, message.signal)
        return
    }
  }

  /** Every stored row up to this seq is in the doc. */
  get appliedSeq(): number {
    return this.seqs.applied
  }

  /** Whether a stored row above `appliedSeq` is in the doc without every row before it. */
  get hasGap(): boolean {
    return !this.destroyed && this.seqs.hasGap
  }

  /** Rows another relay published (`hasGap` then says whether some before them are missing). */
  receiveBusRows(rows: readonly StoredRow[]): void {
    if (this.destroyed) return
    this.applyStoredRows(this.seqs.takeFromBus(rows))
  }

  /** What a read of the store after `appliedSeq` returned: complete up to its last row. */
  receiveStoreRows(rows: readonly StoredRow[]): void {
    if (this.destroyed) return
    this.applyStoredRows(this.seqs.takeFromStore(rows))
  }

  /** Cluster mode: a signal for a client id another relay's connection holds goes to the bus. */
  private signalElsewhere(outlet: EphemeralOutlet) {
    return (clientId: number, frame: Uint8Array): boolean => {
      if (!this.presence.isRemote(clientId)) return false
      outlet.publish(EPHEMERAL_SIGNAL, frame, clientId)
      return true
    }
  }

  /** A message for this room's connections that another relay sent through the bus. */
  receiveEphemeral(type: string, payload: Uint8Array, to: number | null = null): void {
    if (this.destroyed) return
    if (type === EPHEMERAL_AWARENESS) this.presence.applyRemote(payload)
    // Every relay gets it; the one holding `to` delivers it, the others have no such connection.
    else if (type === EPHEMERAL_SIGNAL && to !== null) this.signalling.deliverTo(to, payload)
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

  private log(): unknown[] {
    return this.doc.getArray('messages').toArray()
  }

  private admissionContext(refused: RefusedRanges): AdmissionContext {
    return {
      room: this.name,
      limits: this.options.limits,
      stateOf: this.stateOf,
      clientKeys: this.clientKeys,
      verify: this.options.verify,
      refused,
      rules: this.rules,
    }
  }

  private receiveUpdate(connection: Connection, state: ConnectionState, update: Uint8Array): void {
    const admission = admitUpdate(update, this.admissionContext(state.refused))
    switch (admission.kind) {
      case 'duplicate':
        return
      case 'apply':
        this.apply(connection, update, admission)
        return
      case 'wait':
        this.park(connection, update, admission.missing, admission.fresh)
        return
      case 'refuse':
        if (admission.foreignClient !== null) this.markForeign(connection, state, admission.foreignClient)
        this.refuse(connection, admission.metric, admission.refusal)
        return
    }
  }

  /** Keeps an update until what it depends on arrives, within bounds; refuses it past them. */
  private park(
    connection: Connection,
    update: Uint8Array,
    missing: Map<number, number>,
    fresh: Y.Item[],
  ): void {
    const { limits } = this.options
    const problem =
      this.roomBytes + this.parking.bytes + update.byteLength > limits.maxRoomBytes
        ? `too large: room is full (${limits.maxRoomBytes} bytes)`
        : this.parking.park({
            owner: connection,
            update,
            missing,
            expiresAt: performance.now() + limits.parkedTtlMs,
          })
    if (problem !== null) {
      const reason = problem.startsWith('too large') ? problem : `missing dependency: ${problem}`
      const refusal = refusalOf(CLOSE_MISSING_DEPENDENCY, reason)
      refusal.dropped = itemRanges(fresh)
      this.refuse(connection, 'missingDependency', refusal)
      return
    }
    this.scheduleExpiry()
    // The sender may hold what is missing (another tab's entries): its answer to a syncStep1 carries it.
    connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
  }

  /** Applies an admitted update, if the store and the room can take it. */
  private apply(
    connection: Connection | null,
    update: Uint8Array,
    { fresh, entries }: { fresh: Y.Item[]; entries: SignedEntry[] },
  ): void {
    const { limits } = this.options
    const problem: [RejectReason, number, string] | null = !this.options.persister.health.ok
      ? ['unavailable', CLOSE_UNAVAILABLE, 'unavailable: storage is failing, retry later']
      : this.roomBytes + update.byteLength > limits.maxRoomBytes
        ? ['tooLarge', CLOSE_TOO_LARGE, `too large: room is full (${limits.maxRoomBytes} bytes)`]
        : null
    if (problem !== null) {
      const [metric, code, reason] = problem
      const refusal = refusalOf(code, reason)
      refusal.dropped = itemRanges(fresh)
      this.refuse(connection, metric, refusal)
      return
    }
    const rulesChange = changesRules(entries, this.rules.owners.length === 0)
    Y.applyUpdate(this.doc, update, connection)
    if (entries.length > 0 && this.options.onAppended !== undefined) {
      const authors = entries.map((entry) => entry.envelope.key)
      this.options.onAppended(this.name, authors, this.doc.getArray('messages').length)
    }
    // Control entries are rare; folding the log again keeps their order right even mid-log.
    if (rulesChange) this.rules = foldRoomRules(this.log())
    this.options.metrics.updatesAccepted.inc()
    this.applyParked()
  }

  /** Parked updates whose dependencies have now arrived: admitted again, as bindings may have changed. */
  private applyParked(): void {
    for (const parked of this.parking.takeReady(this.stateOf)) {
      const state = this.connections.get(parked.owner)
      const owner = state === undefined ? null : parked.owner
      const admission = admitUpdate(parked.update, this.admissionContext(state?.refused ?? []))
      if (admission.kind === 'apply') this.apply(owner, parked.update, admission)
      else if (admission.kind === 'refuse') this.refuse(owner, admission.metric, admission.refusal)
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

  /** The connection wrote under a client id another key owns: its acknowledgements leave that id out. */
  private markForeign(connection: Connection, state: ConnectionState, client: number): void {
    if (state.foreignClients.has(client)) return
    state.foreignClients.add(client)
    if (state.wantsDurable) connection.send(this.durable.frameFor(state.foreignClients))
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
    if (origin === STORED_ELSEWHERE) return
    this.track(this.options.persister.enqueue(this.name, update), tr.afterState, [update])
  }

  private track(
    committed: Promise<CommittedRows>,
    state: Map<number, number>,
    updates: readonly Uint8Array[],
  ): void {
    // Every batch holding this room's rows tells their seqs, so rows after them are no hole.
    void committed.then(
      (rows) => {
        if (this.destroyed) return
        const own = rows.get(this.name)
        if (own !== undefined) this.seqs.noteOwn(own.map((row) => row.seq))
      },
      () => {},
    )
    const acknowledged = this.durable.track(committed, state, updates)
    void acknowledged?.then(
      () => {
        if (!this.destroyed) this.announceDurable()
      },
      () => {},
    )
  }

  private announceDurable(): void {
    for (const [connection, connectionState] of this.connections) {
      if (connectionState.wantsDurable) connection.send(this.durable.frameFor(connectionState.foreignClients))
    }
  }

  /**
   * Applies rows another relay validated and stored, in seq order. They take the path of the
   * room's own updates (forwarded, rules folded again when they hold a control entry, client
   * keys read from the doc), but are not stored again and are acknowledged as stored at once.
   */
  private applyStoredRows(rows: readonly StoredRow[]): void {
    if (rows.length === 0) return
    const roomWasEmpty = this.rules.owners.length === 0
    let rulesChange = roomWasEmpty || this.rulesChangePending
    // One transaction per row: each reaches this relay's connections as its own update, as it
    // reached the connections of the relay that stored it.
    for (const row of rows) {
      if (!rulesChange && storedUpdateChangesRules(row.update)) rulesChange = true
      Y.applyUpdate(this.doc, row.update, STORED_ELSEWHERE)
    }
    // A row applied past a hole may wait in Yjs for the row before it; a rule it changes counts
    // once it is in the log, so the rules are folded again when nothing waits any more.
    this.rulesChangePending = rulesChange && this.doc.store.pendingStructs !== null
    if (rulesChange) this.rules = foldRoomRules(this.log())
    this.durable.includeStored(rows.map((row) => row.update))
    this.announceDurable()
    this.applyParked()
  }

  /**
   * Loads updates before the doc is observed: they are neither forwarded nor stored again. One
   * transaction per update, not one for all: at the end of a transaction Yjs merges each new entry
   * of a client into the one before it by concatenating their arrays, and with all of a 100k-entry
   * single-writer room in one transaction that ran the relay out of heap (bench:relay, ingest).
   */
  private applyAll(updates: readonly Uint8Array[]): void {
    for (const update of updates) {
      Y.applyUpdate(this.doc, update)
      this.roomBytes += update.byteLength
    }
  }
}

function stateOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc))
}

function refusalOf(code: number, reason: string): Refusal {
  return { code, reason, offending: [], dropped: [] }
}
