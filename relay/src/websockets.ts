// Accepts websocket upgrades: the room name, the access token where the relay needs one,
// connection limits per relay and per address, and a keepalive that ends connections whose peer
// has gone without a word. Each accepted socket is then served by connection.ts.
import type http from 'node:http'
import type { Duplex } from 'node:stream'
import { CLOSE_RATE_LIMITED, CLOSE_UNAUTHORIZED, ProtocolError, roomNameFromPath } from '@parley/protocol'
import { type WebSocket, WebSocketServer } from 'ws'
import { type ConnectionContext, serveConnection } from './connection.js'
import type { ConnectedDevices } from './push/devices.js'

export interface WebsocketLimits {
  maxFrameBytes: number
  maxConnections: number
  maxConnectionsPerAddress: number
  /** A connection that sends nothing, not even a pong, for a whole interval is ended. */
  keepaliveIntervalMs: number
}

export interface WebsocketOptions extends ConnectionContext {
  limits: ConnectionContext['limits'] & WebsocketLimits
  /** Why a connection to `room` is refused before it is served (access tokens), or null. */
  authorize(url: string, authorization: string | undefined, room: string): Promise<string | null>
  /** Devices with a websocket open (not pushed to), named by their `device` query parameter. */
  devices?: ConnectedDevices
}

export interface Websockets {
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void
  readonly count: number
  /** Refuses new upgrades from now on. */
  stopAccepting(): void
  /** Ends every socket still open. */
  terminateAll(): void
}

export function createWebsockets(options: WebsocketOptions): Websockets {
  const { limits, metrics, log } = options
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    perMessageDeflate: false,
  })
  const connectionsByAddress = new Map<string, number>()
  const alive = new WeakMap<WebSocket, boolean>()
  let accepting = true

  const releaseAddress = (address: string) => {
    const count = (connectionsByAddress.get(address) ?? 1) - 1
    if (count <= 0) connectionsByAddress.delete(address)
    else connectionsByAddress.set(address, count)
  }

  const accept = (req: http.IncomingMessage, socket: Duplex, ws: WebSocket) => {
    const address = req.socket.remoteAddress ?? 'unknown'
    const perAddress = connectionsByAddress.get(address) ?? 0
    try {
      const roomName = roomNameFromPath(req.url ?? '/')
      if (wss.clients.size > limits.maxConnections || perAddress >= limits.maxConnectionsPerAddress) {
        metrics.updatesRejected.inc({ reason: 'rateLimited' })
        throw new ProtocolError(CLOSE_RATE_LIMITED, 'rate limited: too many connections')
      }
      connectionsByAddress.set(address, perAddress + 1)
      const releaseDevice = options.devices?.connect(req.url ?? '/')
      ws.on('close', () => {
        releaseAddress(address)
        releaseDevice?.()
      })
      // Any frame is a sign of life. A writer the relay slows down is read in small steps, and its
      // pong waits behind what it sent before; only the frames it gets read prove it is there.
      ws.on('pong', () => alive.set(ws, true))
      ws.on('message', () => alive.set(ws, true))
      serveConnection(ws, socket, roomName, options)
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error
      log.warn({ address, url: req.url, code: error.code, reason: error.reason }, 'connection refused')
      ws.close(error.code, error.reason)
    }
  }

  const keepalive = setInterval(() => {
    for (const ws of wss.clients) {
      // A socket the relay itself stopped reading cannot answer: its turn comes once it is read.
      if (alive.get(ws) === false && !ws.isPaused) {
        ws.terminate()
        continue
      }
      alive.set(ws, false)
      ws.ping()
    }
  }, limits.keepaliveIntervalMs)
  keepalive.unref()

  return {
    upgrade(req, socket, head) {
      if (!accepting) {
        socket.destroy()
        return
      }
      let room: string
      try {
        room = roomNameFromPath(req.url ?? '/')
      } catch {
        wss.handleUpgrade(req, socket, head, (ws) => accept(req, socket, ws))
        return
      }
      options.authorize(req.url ?? '/', req.headers.authorization, room).then(
        (refused) => {
          if (socket.destroyed) return
          wss.handleUpgrade(req, socket, head, (ws) => {
            if (refused === null) return accept(req, socket, ws)
            metrics.updatesRejected.inc({ reason: 'unauthorized' })
            log.warn({ url: req.url?.split('?')[0], reason: refused }, 'connection refused: unauthorized')
            ws.close(CLOSE_UNAUTHORIZED, `unauthorized: ${refused}`)
          })
        },
        () => socket.destroy(),
      )
    },
    get count() {
      return wss.clients.size
    },
    stopAccepting() {
      accepting = false
      clearInterval(keepalive)
    },
    terminateAll() {
      for (const ws of wss.clients) ws.terminate()
    },
  }
}
