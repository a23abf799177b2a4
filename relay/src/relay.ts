// A relay is an object: HTTP (app, health, metrics) and websockets on one port, rooms in memory,
// a store on disk. Two relays can run in one process; nothing here reads env or flags.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import {
  CLOSE_GOING_AWAY,
  CLOSE_RATE_LIMITED,
  DEFAULT_MAX_BLOB_BYTES,
  MAX_ENTRY_BYTES,
  ProtocolError,
  roomNameFromPath,
} from '@parley/protocol'
import type { Logger } from 'pino'
import { WebSocketServer } from 'ws'
import { type ConnectionLimits, serveConnection } from './connection.js'
import { type BlobLimits, createBlobRoutes } from './http/blobs.js'
import { createRoutes } from './http/routes.js'
import { createStaticApp } from './http/staticApp.js'
import { createMerger } from './merger.js'
import { createRelayMetrics, type RelayMetrics } from './metrics.js'
import { createPersister } from './persister.js'
import type { RoomLimits } from './room.js'
import { createRoomRegistry } from './rooms.js'
import type { Store } from './store/types.js'

export interface RelayLimits extends RoomLimits, ConnectionLimits, BlobLimits {
  maxFrameBytes: number
  maxConnections: number
  maxConnectionsPerAddress: number
}

export const DEFAULT_LIMITS: RelayLimits = {
  maxEntryBytes: MAX_ENTRY_BYTES,
  maxRoomBytes: 256 * 1024 * 1024,
  maxFrameBytes: 32 * 1024 * 1024,
  maxBufferedBytes: 64 * 1024 * 1024,
  messagesPerSecond: 200,
  messageBurst: 1_000,
  bytesPerSecond: 4 * 1024 * 1024,
  byteBurst: 64 * 1024 * 1024,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 1_000,
  maxBlobBytes: DEFAULT_MAX_BLOB_BYTES,
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
}

export interface Relay {
  listen(port: number, host: string): Promise<number>
  readonly port: number
  readonly metrics: RelayMetrics
  /** Stops accepting, stores everything accepted, closes sockets with going-away, closes the store. */
  close(): Promise<void>
}

const IDLE_UNLOAD_MS = 30_000
const COMPACT_AFTER_UPDATES = 500
const KEEPALIVE_INTERVAL_MS = 30_000

export function createRelay(options: RelayOptions): Relay {
  const limits: RelayLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const { log, store } = options
  const metrics = createRelayMetrics()
  const merger = createMerger()
  const persister = createPersister(store, {
    beforeWrite: (roomNames) => rooms.beforeWrite(roomNames),
    onStored: (storedByRoom, elapsedMs) => {
      metrics.persistSeconds.observe(elapsedMs / 1000)
      rooms.noteStored(storedByRoom)
    },
    onError: (error, retryInMs) => log.error({ err: error, retryInMs }, 'store write failed; will retry'),
  })
  const rooms = createRoomRegistry({
    store,
    persister,
    merge: merger.merge,
    limits,
    metrics,
    log,
    idleUnloadMs: options.idleUnloadMs ?? IDLE_UNLOAD_MS,
    compactAfterUpdates: options.compactAfterUpdates ?? COMPACT_AFTER_UPDATES,
  })
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    perMessageDeflate: false,
  })
  const connectionsByAddress = new Map<string, number>()
  const server = http.createServer(
    createRoutes({
      registry: metrics.registry,
      app: createStaticApp(options.staticDir),
      blobs: createBlobRoutes({
        store,
        limits,
        onUpload: (result, bytes) => {
          metrics.blobUploads.inc({ result })
          if (result === 'stored') metrics.bytesReceived.inc(bytes)
        },
      }),
      health: () => ({ ok: persister.healthy, rooms: rooms.loadedCount, connections: wss.clients.size }),
    }),
  )
  server.on('upgrade', (req, socket, head) => upgrade(req, socket, head))

  let closing = false
  const upgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closing) {
      socket.destroy()
      return
    }
    const address = req.socket.remoteAddress ?? 'unknown'
    wss.handleUpgrade(req, socket, head, (ws) => {
      const perAddress = connectionsByAddress.get(address) ?? 0
      try {
        const roomName = roomNameFromPath(req.url ?? '/')
        if (wss.clients.size > limits.maxConnections || perAddress >= limits.maxConnectionsPerAddress) {
          metrics.updatesRejected.inc({ reason: 'rateLimited' })
          throw new ProtocolError(CLOSE_RATE_LIMITED, 'rate limited: too many connections')
        }
        connectionsByAddress.set(address, perAddress + 1)
        ws.on('close', () => releaseAddress(address))
        serveConnection(ws, roomName, { rooms, limits, metrics, log })
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error
        log.warn({ address, url: req.url, code: error.code, reason: error.reason }, 'connection refused')
        ws.close(error.code, error.reason)
      }
    })
  }

  const releaseAddress = (address: string) => {
    const count = (connectionsByAddress.get(address) ?? 1) - 1
    if (count <= 0) connectionsByAddress.delete(address)
    else connectionsByAddress.set(address, count)
  }

  const keepalive = setInterval(() => {
    for (const ws of wss.clients) {
      const alive = ws as typeof ws & { parleyAlive?: boolean }
      if (alive.parleyAlive === false) {
        ws.terminate()
        continue
      }
      alive.parleyAlive = false
      ws.once('pong', () => {
        alive.parleyAlive = true
      })
      ws.ping()
    }
  }, KEEPALIVE_INTERVAL_MS)
  keepalive.unref()

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
      closing = true
      clearInterval(keepalive)
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
      await persister.drain()
      // Rooms close their connections with going-away once their writes are stored; sockets still
      // loading a room when shutdown began are ended here.
      await rooms.closeAll(CLOSE_GOING_AWAY, 'going away: relay shutting down')
      for (const ws of wss.clients) ws.terminate()
      await persister.close()
      await merger.close()
      await store.close()
      server.closeAllConnections()
      await serverClosed
    },
  }
}
