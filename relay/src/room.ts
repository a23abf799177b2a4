// One room: its Y.Doc, its awareness and its connections. Sync and awareness handling live here;
// sockets, storage and scheduling are injected so a room is testable without a network.

import {
  CLOSE_BAD_REQUEST,
  CLOSE_FORBIDDEN_UPDATE,
  CLOSE_TOO_LARGE,
  CLOSE_TOO_SLOW,
  CLOSE_UNAVAILABLE,
  type ClientMessage,
  encodeAwarenessStates,
  encodeDurable,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  ProtocolError,
} from '@parley/protocol'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { RelayMetrics } from './metrics.js'
import type { Persister } from './persister.js'
import { checkUpdate, type UpdateLimits } from './rules.js'

/** The three things a room needs of a socket. */
export interface Connection {
  send(frame: Uint8Array): void
  close(code: number, reason: string): void
  readonly bufferedAmount: number
}

export interface RoomLimits extends UpdateLimits {
  maxRoomBytes: number
  /** A connection whose unsent data grows past this is closed rather than buffered without end. */
  maxBufferedBytes: number
}

export interface RoomOptions {
  name: string
  /** The room's stored updates, oldest first. */
  updates: Uint8Array[]
  persister: Persister
  limits: RoomLimits
  metrics: RelayMetrics
}

interface ConnectionState {
  /** Awareness client ids this connection has announced; removed for everyone when it closes. */
  awarenessIds: Set<number>
  wantsDurable: boolean
}

export class Room {
  readonly name: string
  readonly doc = new Y.Doc({ gc: false })
  readonly awareness: awarenessProtocol.Awareness
  private readonly connections = new Map<Connection, ConnectionState>()
  private storedBytes = 0
  private durableStateVector: Uint8Array
  private fullStateFrame: Uint8Array | null = null
  private lastWrite: Promise<void> = Promise.resolve()
  /** The state the batch being written will make durable; taken once per batch, not per update. */
  private writingStateVector: Uint8Array | null = null

  constructor(private readonly options: RoomOptions) {
    this.name = options.name
    this.doc.transact(() => {
      for (const update of options.updates) {
        Y.applyUpdate(this.doc, update)
        this.storedBytes += update.byteLength
      }
    })
    this.durableStateVector = Y.encodeStateVector(this.doc)
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.awareness.setLocalState(null) // the relay itself is not a participant
    this.doc.on('update', this.onDocUpdate)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  get connectionCount(): number {
    return this.connections.size
  }

  /** Resolves once everything this room has accepted is on disk. */
  get written(): Promise<void> {
    return this.lastWrite
  }

  join(connection: Connection): void {
    this.connections.set(connection, { awarenessIds: new Set(), wantsDurable: false })
    this.send(connection, encodeSyncStep1(Y.encodeStateVector(this.doc)))
    const states = [...this.awareness.getStates().keys()]
    if (states.length > 0) this.send(connection, encodeAwarenessStates(this.awareness, states))
  }

  leave(connection: Connection): void {
    const state = this.connections.get(connection)
    if (state === undefined) return
    this.connections.delete(connection)
    awarenessProtocol.removeAwarenessStates(this.awareness, [...state.awarenessIds], null)
  }

  /** Handles one decoded message; throws ProtocolError when the sender must be closed. */
  receive(connection: Connection, message: ClientMessage): void {
    // A connection that has left (or a destroyed room) gets nothing: its frames may still be queued.
    const state = this.connections.get(connection)
    if (state === undefined) return
    switch (message.type) {
      case 'syncStep1':
        this.send(connection, this.syncStep2For(message.stateVector))
        return
      case 'update':
        this.applyClientUpdate(connection, message.update)
        return
      case 'awareness':
        this.applyAwareness(connection, message.update)
        return
      case 'queryAwareness':
        this.send(connection, encodeAwarenessStates(this.awareness, [...this.awareness.getStates().keys()]))
        return
      case 'durableSubscribe':
        state.wantsDurable = true
        this.send(connection, encodeDurable(this.durableStateVector))
        return
    }
  }

  /** Closes every connection and frees the document. */
  destroy(code: number, reason: string): void {
    for (const connection of [...this.connections.keys()]) connection.close(code, reason)
    this.connections.clear()
    this.awareness.destroy()
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

  private applyClientUpdate(connection: Connection, update: Uint8Array): void {
    const verdict = checkUpdate(update, this.options.limits)
    if (!verdict.ok) {
      this.options.metrics.updatesRejected.inc({ reason: verdict.kind })
      const code = {
        forbidden: CLOSE_FORBIDDEN_UPDATE,
        tooLarge: CLOSE_TOO_LARGE,
        malformed: CLOSE_BAD_REQUEST,
      }
      const prefix = { forbidden: 'forbidden update', tooLarge: 'too large', malformed: 'bad request' }
      throw new ProtocolError(code[verdict.kind], `${prefix[verdict.kind]}: ${verdict.reason}`)
    }
    if (!verdict.structs.some((item) => this.isNew(item))) return
    if (!this.options.persister.healthy) {
      this.options.metrics.updatesRejected.inc({ reason: 'unavailable' })
      throw new ProtocolError(CLOSE_UNAVAILABLE, 'unavailable: storage is failing, retry later')
    }
    if (this.storedBytes + update.byteLength > this.options.limits.maxRoomBytes) {
      this.options.metrics.updatesRejected.inc({ reason: 'tooLarge' })
      throw new ProtocolError(
        CLOSE_TOO_LARGE,
        `too large: room is full (${this.options.limits.maxRoomBytes} bytes)`,
      )
    }
    Y.applyUpdate(this.doc, update, connection)
    this.options.metrics.updatesAccepted.inc()
  }

  private isNew(item: Y.Item): boolean {
    return item.id.clock + item.length > Y.getState(this.doc.store, item.id.client)
  }

  private applyAwareness(connection: Connection, update: Uint8Array): void {
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection)
    } catch {
      this.options.metrics.updatesRejected.inc({ reason: 'malformed' })
      throw new ProtocolError(CLOSE_BAD_REQUEST, 'bad request: malformed awareness update')
    }
  }

  /** Every change that reached the doc: forward it at once, acknowledge it once it is stored. */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    this.fullStateFrame = null
    this.storedBytes += update.byteLength
    const frame = encodeUpdate(update)
    for (const connection of this.connections.keys()) {
      if (connection !== origin) this.send(connection, frame)
    }
    // A write only fails for good when the relay closes; shutdown reports that itself.
    this.lastWrite = this.options.persister.enqueue(this.name, update).catch(() => {})
  }

  /** Called as a batch holding this room's updates is written: everything applied so far is in it. */
  beforeWrite(): void {
    this.writingStateVector = Y.encodeStateVector(this.doc)
  }

  /** Called once that batch is committed: one acknowledgement per commit, however many updates. */
  stored(): void {
    if (this.writingStateVector === null) return
    this.durableStateVector = this.writingStateVector
    this.writingStateVector = null
    const frame = encodeDurable(this.durableStateVector)
    for (const [connection, state] of this.connections) {
      if (state.wantsDurable) this.send(connection, frame)
    }
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const changed = added.concat(updated, removed)
    const state = this.connections.get(origin as Connection)
    if (state !== undefined) {
      for (const id of added) state.awarenessIds.add(id)
      for (const id of removed) state.awarenessIds.delete(id)
    }
    const frame = encodeAwarenessStates(this.awareness, changed)
    for (const connection of this.connections.keys()) this.send(connection, frame)
  }

  private send(connection: Connection, frame: Uint8Array): void {
    if (connection.bufferedAmount > this.options.limits.maxBufferedBytes) {
      this.options.metrics.updatesRejected.inc({ reason: 'tooSlow' })
      connection.close(CLOSE_TOO_SLOW, 'too slow: send buffer full')
      return
    }
    connection.send(frame)
    this.options.metrics.bytesSent.inc(frame.byteLength)
  }
}
