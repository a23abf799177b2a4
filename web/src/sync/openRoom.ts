// Opens one room: the view cache first (a preview of the newest entries), then the history from
// IndexedDB, then the relay over a websocket on the same origin, plus the relay's durable
// acknowledgements and refusals. The only module that knows y-websocket and y-indexeddb.
import type { PresenceProof } from '@parley/protocol'
import { IndexeddbPersistence } from 'y-indexeddb'
import type { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { readAccessToken } from '../access/accessToken'
import { deviceId } from '../push/deviceId'
import { applyBulkSyncQuietly } from './bulkSync'
import { isPermanentClose } from './connectionStatus'
import {
  durableAdvanced,
  encodeDurableSubscribe,
  encodeStateVector,
  MESSAGE_DURABLE,
  readDurable,
  type StateVector,
} from './durable'
import { createStateStore, type RoomState, type StateStore, trackLink } from './linkState'
import {
  DURABLE_KEY,
  NO_SMALL_VALUES,
  REFUSALS_KEY,
  readSmallValues,
  type SmallValues,
  type VERIFIED_KEY,
  type VIEW_KEY,
} from './roomStore'
import { type SignalChannel, trackSignals } from './signals'
import { openTabSync, type TabSync } from './tabSync'
import { type RefusalTracker, trackRefusals } from './trackRefusals'

/** Upper bound of y-websocket's exponential reconnect backoff (it starts at 200 ms). */
const MAX_BACKOFF_MS = 3000
/** Connect to the relay even if IndexedDB has not answered by then (e.g. storage blocked). */
const IDB_WAIT_MS = 3000
/** Longest the history read waits for `beforeHistory` (e.g. a preview being painted). */
const PREVIEW_WAIT_MS = 250

export interface RoomUser {
  id: string
  name: string
  color: string
}

/** Awareness fields every Parley client publishes. */
export interface PresenceState {
  user: RoomUser
  typing: boolean
  /** That `user.id` is this client's key (protocol/src/presenceProof.ts); added once signed. */
  proof?: PresenceProof
  /** Set while this device is in the room's call (calls/callPresence.ts). */
  call?: unknown
}

export type { RoomState }

/** What this device keeps about a room beside its history, read before the history is. */
export type LocalRecords = Pick<SmallValues, 'view' | 'viewText' | 'verified'>

/** Small values the room's owner keeps beside its history: the view cache, the verified state. */
export type LocalKey = typeof VIEW_KEY | typeof VERIFIED_KEY

export interface RoomConnection {
  roomId: string
  doc: Y.Doc
  awareness: Awareness
  /** Signals to and from other peers of the room (calls), through the relay. */
  signals: SignalChannel
  getState(): RoomState
  /** Called on every change of `getState()`; returns its unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Resolves once local history is in the doc. */
  whenLoaded: Promise<void>
  /**
   * Resolves once the doc holds this device's whole stored history (never, without IndexedDB).
   * Unlike `whenLoaded`, never early: a view cache written from a partial doc would replace a
   * good one with less.
   */
  whenLocalHistory: Promise<void>
  /** Stores `value` under `key` beside the room's history (dropped without IndexedDB). */
  saveLocal(key: LocalKey, value: string): void
  /** Resolves once the room's IndexedDB database is closed too (e.g. so that it can be deleted). */
  close(): Promise<void>
}

export interface OpenRoomOptions {
  user: RoomUser
  /** `ws(s)://host[:port]` of the relay; defaults to the page's own origin. */
  serverUrl?: string
  /** Keep the room in IndexedDB (default: when IndexedDB exists). */
  persist?: boolean
  WebSocketPolyfill?: typeof WebSocket
  /**
   * Called with what this device keeps about the room (its view cache and verified state; empty
   * when there is nothing or no IndexedDB) before its history is read. Reading the history blocks
   * the page for as long as it takes to decode, so it waits for the returned promise (at most
   * PREVIEW_WAIT_MS): resolve it once the preview is painted.
   */
  beforeHistory?(local: LocalRecords): Promise<void> | undefined
  /** The relay's access token; by default the one kept for this origin (access/accessToken.ts). */
  accessToken?: string | null
  /** Publish the user as present in the room (default true; false for background syncing). */
  presence?: boolean
}

function accessParams(token: string | null): Record<string, string> {
  return token === null ? {} : { token }
}

function sameOriginWebsocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`
}

export function openRoom(roomId: string, options: OpenRoomOptions): RoomConnection {
  globalThis.performance?.mark?.('parley:room-opening')
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(options.serverUrl ?? sameOriginWebsocketUrl(), roomId, doc, {
    connect: false,
    disableBc: true, // tabs stay in step through openTabSync instead (see tabSync.ts for why)
    maxBackoffTime: MAX_BACKOFF_MS,
    shouldReconnect: (event) => !isPermanentClose(event.code),
    // A relay started with --auth-secret admits only websockets carrying its token; the relay does
    // not push to a device that is connected (it sees new entries itself).
    params: {
      ...accessParams(options.accessToken === undefined ? readAccessToken() : options.accessToken),
      ...(typeof localStorage === 'undefined' ? {} : { device: deviceId() }),
    },
    ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
  })
  // A room synced in the background (the home page) must not show its user as online there.
  provider.awareness.setLocalState(
    options.presence === false ? null : ({ user: options.user, typing: false } satisfies PresenceState),
  )
  const persist = options.persist ?? typeof indexedDB !== 'undefined'
  let historyRead = () => {}
  const whenLocalHistory = new Promise<void>((resolve) => {
    historyRead = resolve
  })
  const local: LocalHistory = { dbName: `parley:${roomId}`, persistence: null, historyRead }
  applyBulkSyncQuietly(provider, (update) => local.persistence?._storeUpdate(update, provider))
  const store = createStateStore()
  const link = trackLink(provider, store)
  const durable = trackDurable(provider, local, store)
  const refusals = trackRefusals(provider, store, (encoded) => {
    void local.persistence?.set(REFUSALS_KEY, encoded).catch(() => {})
  })
  const signals = trackSignals(provider)
  let tabs: TabSync | null = null
  const trackers = { durable, refusals }
  const whenLoaded = loadThenConnect(provider, persist ? local : null, store, trackers, options).then(() => {
    // Two tabs of one room stay in step through a BroadcastChannel, even offline.
    if (!doc.isDestroyed) tabs = openTabSync(doc, `parley:${roomId}`, provider)
  })
  const leave = () => provider.awareness.setLocalState(null)
  globalThis.addEventListener?.('pagehide', leave)
  return {
    roomId,
    doc,
    awareness: provider.awareness,
    signals,
    getState: store.get,
    subscribe: store.subscribe,
    whenLoaded,
    whenLocalHistory,
    saveLocal(key, value) {
      void local.persistence?.set(key, value).catch(() => {})
    },
    close() {
      globalThis.removeEventListener?.('pagehide', leave)
      link.close()
      durable.close()
      refusals.close()
      signals.close()
      tabs?.close()
      provider.destroy()
      const released = local.persistence?.destroy()
      doc.destroy()
      // A database that never opened has nothing to release.
      return Promise.resolve(released).then(
        () => undefined,
        () => undefined,
      )
    },
  }
}

/** The room's IndexedDB side; the persistence exists only once the small values have been read. */
interface LocalHistory {
  dbName: string
  persistence: IndexeddbPersistence | null
  historyRead(): void
}

interface DurableTracker {
  /** What was stored before this page load, so stored messages do not look local while offline. */
  restore(saved: StateVector): void
  close(): void
}

/** Subscribes to durable acknowledgements on every (re)connect and remembers the last one locally. */
function trackDurable(provider: WebsocketProvider, local: LocalHistory, store: StateStore): DurableTracker {
  let closed = false
  const accept = (durable: StateVector, save: boolean) => {
    if (closed || !durableAdvanced(store.get().durable, durable)) return
    store.update({ durable })
    if (save)
      void local.persistence?.set(DURABLE_KEY, encodeStateVector(durable).slice().buffer).catch(() => {})
  }
  provider.messageHandlers[MESSAGE_DURABLE] = (_encoder, decoder) => accept(readDurable(decoder), true)
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') provider.ws?.send(encodeDurableSubscribe())
  }
  provider.on('status', onStatus)
  return {
    restore(saved) {
      if (store.get().durable.size === 0) accept(saved, false)
    },
    close() {
      closed = true
      provider.off('status', onStatus)
    },
  }
}

/** `promise`, or `fallback` once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
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

/**
 * Reads the view cache and the saved durable state (small, fast), lets the caller show a preview,
 * then reads the history into the doc before connecting, so the relay only sends what is missing.
 */
async function loadThenConnect(
  provider: WebsocketProvider,
  local: LocalHistory | null,
  store: StateStore,
  trackers: { durable: DurableTracker; refusals: RefusalTracker },
  options: OpenRoomOptions,
): Promise<void> {
  const doc = provider.doc
  const listenAfterLoad = deferUpdateListeners(doc, [provider._updateHandler])
  if (local !== null) {
    const small = await within(
      readSmallValues(local.dbName).catch(() => NO_SMALL_VALUES),
      IDB_WAIT_MS,
      NO_SMALL_VALUES,
    )
    globalThis.performance?.mark?.('parley:view-cache-read')
    if (small.durable !== null) trackers.durable.restore(small.durable)
    // After the durable state: refusals of entries stored since are dropped as they are restored.
    trackers.refusals.restore(small.refusals)
    // Called in the same task as the durable restore, so the UI renders both at once.
    await within(showPreview(options, small), PREVIEW_WAIT_MS, undefined)
    if (doc.isDestroyed) return
    await loadHistory(local, doc, listenAfterLoad)
  } else {
    await showPreview(options, NO_SMALL_VALUES)
    listenAfterLoad()
  }
  // Lets benchmarks and DevTools see when local history was in the doc.
  globalThis.performance?.mark?.('parley:history-loaded')
  store.update({ loaded: true })
  if (!provider.shouldConnect && provider.ws === null && !isDestroyed(provider)) provider.connect()
}

async function showPreview(options: OpenRoomOptions, local: LocalRecords): Promise<void> {
  try {
    await options.beforeHistory?.({ view: local.view, viewText: local.viewText, verified: local.verified })
  } catch {
    // A preview that fails to show must not keep the history from loading.
  }
}

async function loadHistory(local: LocalHistory, doc: Y.Doc, listenAfterLoad: () => void): Promise<void> {
  const persistence = new IndexeddbPersistence(local.dbName, doc)
  local.persistence = persistence
  const listenAll = deferUpdateListeners(doc, [persistence._storeUpdate])
  await within(
    persistence.whenSynced.then(() => undefined),
    IDB_WAIT_MS,
    undefined,
  )
  listenAll()
  listenAfterLoad()
  void persistence.whenSynced.then(() => local.historyRead())
}

function isDestroyed(provider: WebsocketProvider): boolean {
  return provider.doc.isDestroyed
}
