// The room's observable state, and the part of it that follows the websocket link: online,
// offline or reconnecting, synced, and why the relay closed the connection for good.
import type { WebsocketProvider } from 'y-websocket'
import { type ConnectionStatus, connectionStatus, describeClose, type LinkFacts } from './connectionStatus'
import type { StateVector } from './durable'
import type { Refusal } from './refusals'

export interface RoomState {
  status: ConnectionStatus
  /** Local history (IndexedDB) has been read into the doc. */
  loaded: boolean
  /** The doc has caught up with the relay on the current connection. */
  synced: boolean
  /** Why the relay closed the connection for good, if it did. */
  error: string | null
  /** What the relay has on disk: an entry (client, clock) is stored once `durable.get(client) > clock`. */
  durable: StateVector
  /**
   * The relay's permanent refusals of entries this device sent, oldest first, as long as some of
   * their items are not stored (see refusals.ts); kept in the room's IndexedDB across reloads.
   */
  refusals: readonly Refusal[]
  /** Set while the relay cannot store this device's entries (a transient refusal, code 4503). */
  unavailable: string | null
}

function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false
}

export interface StateStore {
  get(): RoomState
  update(change: Partial<RoomState>): void
  subscribe(listener: () => void): () => void
}

export function createStateStore(): StateStore {
  let state: RoomState = {
    status: 'offline',
    loaded: false,
    synced: false,
    error: null,
    durable: new Map(),
    refusals: [],
    unavailable: null,
  }
  const listeners = new Set<() => void>()
  return {
    get: () => state,
    update(change) {
      state = { ...state, ...change }
      for (const listener of listeners) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** Follows the provider's connection and keeps `status`, `synced` and `error` current. */
export function trackLink(provider: WebsocketProvider, store: StateStore): { close(): void } {
  const facts: LinkFacts = {
    connected: false,
    everConnected: false,
    failures: 0,
    browserOnline: browserOnline(),
    stopped: false,
  }
  const publish = () => store.update({ status: connectionStatus(facts), synced: provider.synced })
  const onStatus = ({ status }: { status: string }) => {
    facts.connected = status === 'connected'
    if (facts.connected) {
      Object.assign(facts, { everConnected: true, failures: 0, stopped: false })
      store.update({ error: null })
    }
    publish()
  }
  const onClose = () => {
    facts.failures++
    publish()
  }
  const onClosed = ({ code, reason }: { code: number; reason: string }) => {
    facts.stopped = true
    store.update({ error: describeClose(code, reason) })
    publish()
  }
  const onNetwork = () => {
    facts.browserOnline = browserOnline()
    publish()
  }
  provider.on('status', onStatus)
  provider.on('connection-close', onClose)
  provider.on('closed', onClosed)
  provider.on('sync', publish)
  globalThis.addEventListener?.('online', onNetwork)
  globalThis.addEventListener?.('offline', onNetwork)
  return {
    close() {
      globalThis.removeEventListener?.('online', onNetwork)
      globalThis.removeEventListener?.('offline', onNetwork)
    },
  }
}
