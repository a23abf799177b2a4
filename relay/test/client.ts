// A real y-websocket client in Node, with Parley's opt-in durable acknowledgement.

import {
  encodeDurableSubscribe,
  encodeRefusalsSubscribe,
  MESSAGE_DURABLE,
  MESSAGE_REFUSED,
  type Refusal,
  readRefused,
} from '@parley/protocol'
import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import type { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { bodyOf, createTestSigner, type TestSigner } from './signing.js'
import { waitFor } from './waitFor.js'

const SYNC_TIMEOUT_MS = 15_000

// Each WebsocketProvider in Node adds a process 'exit' listener; tests open dozens.
process.setMaxListeners(200)

export interface TestClient {
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  readonly awareness: Awareness
  /** Who this client writes as. */
  readonly signer: TestSigner
  /** The log as values: each signed entry's `value` (see append). */
  entries(): unknown[]
  /** Appends each value as one signed entry whose body is `{ v: 2, type: 'test', value }`, in one push. */
  append(...values: unknown[]): void
  /** The relay's latest durable state vector (empty until the first acknowledgement). */
  readonly durable: Map<number, number>
  /** Refusals the relay sent (only when connected with `refusals: true`), oldest first. */
  readonly refusals: Refusal[]
  /** Close events this client saw, newest last. */
  readonly closes: Array<{ code: number; reason: string }>
  synced(): Promise<void>
  /** Resolves once the relay has acknowledged everything this client has written. */
  durableNow(timeoutMs?: number): Promise<void>
  destroy(): void
}

export interface ClientOptions {
  /** Subscribe to durable acknowledgements (type 100). */
  durable?: boolean
  /** Subscribe to refusals (type 102). */
  refusals?: boolean
  /** Who the client writes as; a new identity by default. */
  signer?: TestSigner
  /** Query parameters of the websocket URL (e.g. an access token). */
  params?: Record<string, string>
  /** The doc to sync: another client's, to move it to another relay as a reconnecting app would. */
  doc?: Y.Doc
}

export function connectClient(url: string, room: string, options: ClientOptions = {}): TestClient {
  const signer = options.signer ?? createTestSigner()
  const doc = options.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: options.params ?? {},
    maxBackoffTime: 500,
  })
  const durable = new Map<number, number>()
  const closes: Array<{ code: number; reason: string }> = []
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  if (options.durable) {
    provider.messageHandlers[MESSAGE_DURABLE] = (_encoder, decoder) => {
      for (const [client, clock] of Y.decodeStateVector(decoding.readVarUint8Array(decoder))) {
        durable.set(client, clock)
      }
    }
    provider.on('status', ({ status }) => {
      if (status === 'connected') provider.ws?.send(encodeDurableSubscribe())
    })
  }
  const refusals: Refusal[] = []
  if (options.refusals) {
    provider.messageHandlers[MESSAGE_REFUSED] = (_encoder, decoder) => {
      refusals.push(readRefused(decoder))
    }
    provider.on('status', ({ status }) => {
      if (status === 'connected') provider.ws?.send(encodeRefusalsSubscribe())
    })
  }
  const messages = doc.getArray('messages')
  return {
    doc,
    provider,
    awareness: provider.awareness,
    signer,
    entries: () => messages.toJSON().map(bodyOf),
    append: (...values) =>
      messages.push(values.map((value) => signer.seal(room, { v: 2, type: 'test', value }))),
    durable,
    refusals,
    closes,
    synced: async () => {
      await waitFor(() => provider.synced, SYNC_TIMEOUT_MS, `${room} to sync`)
    },
    durableNow: async (timeoutMs = SYNC_TIMEOUT_MS) => {
      const clock = Y.getState(doc.store, doc.clientID)
      await waitFor(() => (durable.get(doc.clientID) ?? 0) >= clock, timeoutMs, 'durable acknowledgement')
    },
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Reads one sample from the relay's Prometheus endpoint, e.g. `parley_rooms_loaded`. */
export async function readMetric(port: number, sample: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${sample} `))
  if (line === undefined) throw new Error(`no metric ${sample}`)
  return Number(line.slice(sample.length + 1))
}

/** The clients a describe block connects, so its afterEach can destroy them before stopping relays. */
export interface ClientSet {
  /** A client of `room` on `relay`, with the set's default options under `options`. */
  connect(relay: { url: string }, room: string, options?: ClientOptions): TestClient
  destroyAll(): void
}

export function createClientSet(defaults: ClientOptions = {}): ClientSet {
  const clients: TestClient[] = []
  return {
    connect(relay, room, options = {}) {
      const client = connectClient(relay.url, room, { ...defaults, ...options })
      clients.push(client)
      return client
    },
    destroyAll() {
      for (const client of clients.splice(0)) client.destroy()
    },
  }
}
