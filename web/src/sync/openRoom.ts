// Opens one room: history from IndexedDB first, then the relay over a websocket on the same
// origin, plus the relay's durable acknowledgements. The only module that knows y-websocket and
// y-indexeddb.
import { IndexeddbPersistence } from 'y-indexeddb'
import type { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import {
  type ConnectionStatus,
  connectionStatus,
  describeClose,
  isPermanentClose,
  type LinkFacts,
} from './connectionStatus'
import {
  durableAdvanced,
  encodeDurableSubscribe,
  encodeStateVector,
  MESSAGE_DURABLE,
  readDurable,
  type StateVector,
} from './durable'
import { openTabSync, type TabSync } from './tabSync'

/** Upper bound of y-websocket's exponential reconnect backoff (it starts at 200 ms). */
const MAX_BACKOFF_MS = 3000
/** Connect to the relay even if IndexedDB has not answered by then (e.g. storage blocked). */
const IDB_WAIT_MS = 3000
const DURABLE_KEY = 'durable'

export interface RoomUser {
  id: string
  name: string
  color: string
}

/** Awareness fields every Parley client publishes. */
export interface PresenceState {
  user: RoomUser
  typing: boolean
}

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
}

export interface RoomConnection {
  roomId: string
  doc: Y.Doc
  awareness: Awareness
  getState(): RoomState
  /** Called on every change of `getState()`; returns its unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Resolves once local history is in the doc. */
  whenLoaded: Promise<void>
  close(): void
}

export interface OpenRoomOptions {
  user: RoomUser
  /** `ws(s)://host[:port]` of the relay; defaults to the page's own origin. */
  serverUrl?: string
  /** Keep the room in IndexedDB (default: when IndexedDB exists). */
  persist?: boolean
  WebSocketPolyfill?: typeof WebSocket
}

function sameOriginWebsocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`
}

function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false
}

export function openRoom(roomId: string, options: OpenRoomOptions): RoomConnection {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(options.serverUrl ?? sameOriginWebsocketUrl(), roomId, doc, {
    connect: false,
    disableBc: true, // tabs stay in step through openTabSync instead (see tabSync.ts for why)
    maxBackoffTime: MAX_BACKOFF_MS,
    shouldReconnect: (event) => !isPermanentClose(event.code),
    ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
  })
  provider.awareness.setLocalState({ user: options.user, typing: false } satisfies PresenceState)
  const persist = options.persist ?? typeof indexedDB !== 'undefined'
  const persistence = persist ? new IndexeddbPersistence(`parley:${roomId}`, doc) : null
  const listenAfterLoad = deferUpdateListeners(doc, [provider._updateHandler, persistence?._storeUpdate])
  const store = createStateStore()
  const link = trackLink(provider, store)
  const durable = trackDurable(provider, persistence, store)
  let tabs: TabSync | null = null
  const whenLoaded = loadThenConnect(provider, persistence, store, listenAfterLoad).then(() => {
    // Two tabs of one room stay in step through a BroadcastChannel, even offline.
    if (!doc.isDestroyed) tabs = openTabSync(doc, `parley:${roomId}`, provider)
  })
  const leave = () => provider.awareness.setLocalState(null)
  globalThis.addEventListener?.('pagehide', leave)
  return {
    roomId,
    doc,
    awareness: provider.awareness,
    getState: store.get,
    subscribe: store.subscribe,
    whenLoaded,
    close() {
      globalThis.removeEventListener?.('pagehide', leave)
      link.close()
      durable.close()
      tabs?.close()
      provider.destroy()
      void persistence?.destroy()
      doc.destroy()
    },
  }
}

interface StateStore {
  get(): RoomState
  update(change: Partial<RoomState>): void
  subscribe(listener: () => void): () => void
}

function createStateStore(): StateStore {
  let state: RoomState = { status: 'offline', loaded: false, synced: false, error: null, durable: new Map() }
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
function trackLink(provider: WebsocketProvider, store: StateStore): { close(): void } {
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

/** Subscribes to durable acknowledgements on every (re)connect and remembers the last one locally. */
function trackDurable(
  provider: WebsocketProvider,
  persistence: IndexeddbPersistence | null,
  store: StateStore,
): { close(): void } {
  let closed = false
  const accept = (durable: StateVector, save: boolean) => {
    if (closed || !durableAdvanced(store.get().durable, durable)) return
    store.update({ durable })
    if (save) void persistence?.set(DURABLE_KEY, encodeStateVector(durable).slice().buffer).catch(() => {})
  }
  provider.messageHandlers[MESSAGE_DURABLE] = (_encoder, decoder) => accept(readDurable(decoder), true)
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') provider.ws?.send(encodeDurableSubscribe())
  }
  provider.on('status', onStatus)
  // What was stored before this page load, so stored messages do not look local while offline.
  void persistence
    ?.get(DURABLE_KEY)
    .then((saved) => {
      if (saved instanceof ArrayBuffer && store.get().durable.size === 0) {
        accept(Y.decodeStateVector(new Uint8Array(saved)), false)
      }
    })
    .catch(() => {})
  return {
    close() {
      closed = true
      provider.off('status', onStatus)
    },
  }
}

/**
 * Yjs encodes each transaction into an `update` event whenever anyone listens, and for the
 * transaction that reads a stored room that is a full re-encode of it (about 100 ms of the 10k-entry
 * load in a CPU profile, and it grows with the room).
 * No one needs that event: y-indexeddb ignores its own reads and the provider is not connected yet.
 * So both listeners are detached until the history is in; the room controller holds writes until
 * then too, so nothing is missed. Returns the function that re-attaches them.
 */
function deferUpdateListeners(
  doc: Y.Doc,
  listeners: Array<((update: Uint8Array, origin: unknown) => void) | undefined>,
): () => void {
  for (const listener of listeners) if (listener) doc.off('update', listener)
  return () => {
    for (const listener of listeners) if (listener && !doc.isDestroyed) doc.on('update', listener)
  }
}

/** Reads IndexedDB into the doc before connecting, so the relay only sends what is missing. */
async function loadThenConnect(
  provider: WebsocketProvider,
  persistence: IndexeddbPersistence | null,
  store: StateStore,
  listenAfterLoad: () => void,
): Promise<void> {
  if (persistence !== null) {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, IDB_WAIT_MS)
    })
    await Promise.race([persistence.whenSynced.then(() => undefined), timeout])
    clearTimeout(timer)
  }
  listenAfterLoad()
  // Lets benchmarks and DevTools see when local history was in the doc.
  globalThis.performance?.mark?.('parley:history-loaded')
  store.update({ loaded: true })
  if (!provider.shouldConnect && provider.ws === null && !isDestroyed(provider)) provider.connect()
}

function isDestroyed(provider: WebsocketProvider): boolean {
  return provider.doc.isDestroyed
}
