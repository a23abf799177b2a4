// A relay is an object: HTTP (app, health, metrics) and websockets on one port, rooms in memory,
// a store on disk. Two relays can run in one process; nothing here reads env or flags.

import { randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  CLOSE_GOING_AWAY,
  DEFAULT_MAX_BLOB_BYTES,
  MAX_AWARENESS_STATE_BYTES,
  MAX_CALL_SIZE,
  MAX_ENTRY_BYTES,
  MAX_SIGNAL_BYTES,
} from '@parley/protocol'
import type { Logger } from 'pino'
import { type AccessPolicy, createAuthorizer, OPEN_POLICY } from './auth.js'
import type { Bus } from './cluster/bus.js'
import { createRoomSync } from './cluster/roomSync.js'
import { createCompactor } from './compaction.js'
import type { ConnectionLimits } from './connection.js'
import { type BlobLimits, createBlobRoutes } from './http/blobs.js'
import { createPushRoutes } from './http/pushRoutes.js'
import { createRoutes } from './http/routes.js'
import { createStaticApp } from './http/staticApp.js'
import type { IceServer } from './iceServers.js'
import { createMerger } from './merger.js'
import { createRelayMetrics, type RelayMetrics } from './metrics.js'
import { createOutboundGuard, type OutboundLimits } from './outbound.js'
import { createPersister, GROUP_COMMIT_MS } from './persister.js'
import { createConnectedDevices } from './push/devices.js'
import { createPushNotifier, type PushLimits, type PushNotifier, type SendPush } from './push/notifier.js'
import type { PushSubscriptionStore } from './push/subscriptions.js'
import type { VapidKeys } from './push/vapid.js'
import type { RoomLimits } from './room.js'
import { createRoomRegistry } from './rooms.js'
import { createEd25519Verifier } from './signatures.js'
import type { Store } from './store/types.js'
import { createWebsockets, type WebsocketLimits } from './websockets.js'

export interface RelayLimits
  extends RoomLimits,
    ConnectionLimits,
    OutboundLimits,
    BlobLimits,
    WebsocketLimits,
    PushLimits {}

const MAX_FRAME_BYTES = 32 * 1024 * 1024

export const DEFAULT_LIMITS: RelayLimits = {
  maxEntryBytes: MAX_ENTRY_BYTES,
  maxRoomBytes: 256 * 1024 * 1024,
  maxFrameBytes: MAX_FRAME_BYTES,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxTotalBufferedBytes: 8 * 1024 * 1024,
  // Rates slow a connection down; they do not refuse it. What bounds an abuser is CPU and memory.
  messagesPerSecond: 5_000,
  messageBurst: 10_000,
  bytesPerSecond: 4 * 1024 * 1024,
  byteBurst: 64 * 1024 * 1024,
  awarenessPerSecond: 10,
  awarenessBurst: 50,
  cpuMsPerSecond: 750,
  cpuMsBurst: 1_000,
  abusiveAfterMs: 5 * 60_000,
  maxQueuedBytes: MAX_FRAME_BYTES + 1024 * 1024,
  maxParkedPerConnection: 64,
  maxParkedBytesPerRoom: 4 * 1024 * 1024,
  parkedTtlMs: 30_000,
  maxAwarenessStateBytes: MAX_AWARENESS_STATE_BYTES,
  maxClientIdsPerConnection: 4,
  maxSignalBytes: MAX_SIGNAL_BYTES,
  // A call's setup sends an offer or answer and a dozen ICE candidates per peer: a 4-person call
  // joined at once is about 60 signals. Over the rate a signal is refused, not delayed: late ICE
  // candidates are worthless.
  signalsPerSecond: 50,
  signalBurst: 200,
  maxRefusalBurst: 10,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 1_000,
  keepaliveIntervalMs: 30_000,
  maxBlobBytes: DEFAULT_MAX_BLOB_BYTES,
  pushesPerMinutePerDevice: 6,
  pushBurstPerDevice: 20,
}

export interface RelayOptions {
  store: Store
  log: Logger
  /** The built web app; a helpful 503 page is served where it is missing. */
  staticDir: string
  limits?: Partial<RelayLimits>
  /** How long a room stays in memory after its last connection closes. */
  idleUnloadMs?: number
  compactAfterUpdates?: number
  /** A loaded room is compacted at most once in this long (compaction.ts). */
  compactIntervalMs?: number
  /** How long shutdown keeps trying to store what is queued before it gives up. */
  shutdownFlushMs?: number
  /** How long a room may take to load before its connections are told the relay is unavailable. */
  loadTimeoutMs?: number
  /** Access tokens (auth.ts); open to anyone with a room's link by default. */
  access?: AccessPolicy
  /** STUN/TURN servers the app uses for calls (served in /config.json). */
  iceServers?: IceServer[]
  /** People one call may hold (the app reads it from /config.json); MAX_CALL_SIZE by default. */
  maxCallSize?: number
  /** Web Push to devices that are not connected; off without it. */
  push?: PushOptions
  /**
   * Cluster mode: several relays share `store` (PostgreSQL) and tell each other through `bus`
   * (Redis) what they stored and who is present. The relay closes the bus with itself.
   */
  cluster?: ClusterOptions
}

export interface PushOptions {
  subscriptions: PushSubscriptionStore
  vapid: VapidKeys
  /** VAPID contact (mailto: or https:). */
  subject: string
  /**
   * Accept plain-HTTP endpoints on loopback, and endpoints on loopback or private addresses (a
   * test's push service); never in production.
   */
  insecureEndpoints: boolean
  /** Sends one push (web-push by default; benchmarks may count instead). */
  send?: SendPush
}

export interface ClusterOptions {
  bus: Bus
  /** This relay's id on the bus; a fresh one by default. */
  relayId?: string
}

export interface ShutdownReport {
  /** Updates per room that could not be stored before the deadline (their clients still have them). */
  unstored: Map<string, number>
}

export interface Relay {
  listen(port: number, host: string): Promise<number>
  readonly port: number
  readonly metrics: RelayMetrics
  /**
   * Stops accepting, stores what was accepted (retrying a failing store until the flush deadline),
   * closes sockets with going-away and closes the store. Resolves with what could not be stored.
   */
  close(): Promise<ShutdownReport>
}

const IDLE_UNLOAD_MS = 30_000
const COMPACT_AFTER_UPDATES = 500
const COMPACT_INTERVAL_MS = 30_000
const SHUTDOWN_FLUSH_MS = 10_000
const LOAD_TIMEOUT_MS = 20_000

export function createRelay(options: RelayOptions): Relay {
  const limits: RelayLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const { log, store } = options
  const metrics = createRelayMetrics()
  const merger = createMerger()
  const cluster = options.cluster
  const roomSync =
    cluster === undefined
      ? null
      : createRoomSync({ store, bus: cluster.bus, relayId: cluster.relayId ?? randomUUID(), metrics, log })
  const persister = createPersister(
    store,
    {
      onCommit: (elapsedMs, rows) => {
        metrics.persistSeconds.observe(elapsedMs / 1000)
        // Published only once stored: the bus never carries what the store might not have.
        roomSync?.published(rows)
      },
      onError: (error, retryInMs) => log.error({ err: error, retryInMs }, 'store write failed; will retry'),
      onUnreachable: (error) =>
        log.error({ err: error }, 'store unreachable; refusing writes until it answers'),
      onRecover: () => log.info('store reachable again'),
    },
    // In a cluster, other relays' clients get an entry only once it is stored and published, so
    // the commit is on their delivery path: no waiting for company (a database server's commit
    // does not block this event loop; it batches what arrives while one is running).
    { groupCommitMs: cluster === undefined ? GROUP_COMMIT_MS : 0 },
  )
  const compactor = createCompactor({
    store,
    merge: merger.merge,
    metrics,
    log,
    compactAfterUpdates: options.compactAfterUpdates ?? COMPACT_AFTER_UPDATES,
    compactIntervalMs: options.compactIntervalMs ?? COMPACT_INTERVAL_MS,
  })
  const devices = createConnectedDevices()
  const push = options.push
  const notifier: PushNotifier | null =
    push === undefined ? null : createPushNotifier({ ...push, devices, limits, metrics, log })
  const rooms = createRoomRegistry({
    store,
    persister,
    compactor,
    limits,
    metrics,
    log,
    idleUnloadMs: options.idleUnloadMs ?? IDLE_UNLOAD_MS,
    loadTimeoutMs: options.loadTimeoutMs ?? LOAD_TIMEOUT_MS,
    verify: createEd25519Verifier(),
    ...(notifier === null ? {} : { onAppended: notifier.appended }),
    ...(roomSync === null ? {} : { cluster: roomSync }),
  })
  const outbound = createOutboundGuard(limits)
  const authorize = createAuthorizer(options.access ?? OPEN_POLICY, rooms.exists)
  const websockets = createWebsockets({ rooms, outbound, limits, metrics, log, authorize, devices })
  metrics.observe({
    outboundBytes: () => outbound.totalBufferedBytes,
    unstoredUpdates: () => persister.health.unstoredUpdates,
  })
  const server = http.createServer(
    createRoutes({
      registry: metrics.registry,
      appConfig: {
        iceServers: options.iceServers ?? [],
        maxCallSize: options.maxCallSize ?? MAX_CALL_SIZE,
        push: push !== undefined,
      },
      ...(push === undefined
        ? {}
        : {
            push: createPushRoutes({
              publicKey: push.vapid.publicKey,
              subscriptions: push.subscriptions,
              insecureEndpoints: push.insecureEndpoints,
              authorizeRoom: (room, authorization) => authorize(`/${room}`, authorization, room),
              authorizeAny: (authorization) => authorize('/', authorization),
            }),
          }),
      app: createStaticApp(options.staticDir),
      blobs: createBlobRoutes({
        store,
        limits,
        authorizeUpload: (req) => authorize(req.url ?? '/', req.headers.authorization),
        onUpload: (result, bytes) => {
          metrics.blobUploads.inc({ result })
          if (result === 'stored') metrics.bytesReceived.inc(bytes)
        },
        onUsage: ({ bytes, count, quotaBytes }) => {
          metrics.blobStoredBytes.set(bytes)
          metrics.blobsStored.set(count)
          metrics.blobStorageQuotaBytes.set(quotaBytes)
        },
      }),
      health: () => {
        const { ok: storeOk, reason: storeReason, unstoredUpdates } = persister.health
        const bus = cluster?.bus.health ?? null
        const ok = storeOk && (bus === null || bus.ok)
        const reason = storeReason ?? bus?.reason ?? null
        return {
          ok,
          store: storeOk ? 'ok' : 'failing',
          ...(bus === null ? {} : { bus: bus.ok ? 'ok' : 'unreachable' }),
          ...(reason === null ? {} : { reason }),
          unstoredUpdates,
          rooms: rooms.loadedCount,
          connections: websockets.count,
          readingPaused: outbound.paused,
        }
      },
    }),
  )
  server.on('upgrade', (req, socket, head) => websockets.upgrade(req, socket, head))

  let port = 0
  return {
    async listen(requestedPort, host) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(requestedPort, host, () => {
          server.off('error', reject)
          resolve()
        })
      })
      port = (server.address() as AddressInfo).port
      return port
    },
    get port() {
      return port
    },
    metrics,
    async close() {
      websockets.stopAccepting()
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      const unstored = await persister.close(options.shutdownFlushMs ?? SHUTDOWN_FLUSH_MS)
      rooms.closeAll(CLOSE_GOING_AWAY, 'going away: relay shutting down')
      roomSync?.close()
      await cluster?.bus.close()
      websockets.terminateAll()
      outbound.close()
      await merger.close()
      await notifier?.settled()
      push?.subscriptions.close()
      await store.close()
      server.closeAllConnections()
      await serverClosed
      return { unstored }
    },
  }
}
