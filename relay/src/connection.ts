// One websocket from accept to close: rate limits, decoding, and handing messages to its room.
// Messages that arrive while the room is still loading wait, in order.

import {
  CLOSE_BAD_REQUEST,
  CLOSE_RATE_LIMITED,
  CLOSE_UNAVAILABLE,
  decodeClientMessage,
  ProtocolError,
} from '@parley/protocol'
import type { Logger } from 'pino'
import type { RawData, WebSocket } from 'ws'
import type { RelayMetrics } from './metrics.js'
import { createTokenBucket } from './rateLimit.js'
import type { Connection, Room } from './room.js'
import type { RoomRegistry } from './rooms.js'

export interface ConnectionLimits {
  messagesPerSecond: number
  messageBurst: number
  bytesPerSecond: number
  byteBurst: number
}

export interface ConnectionContext {
  rooms: RoomRegistry
  limits: ConnectionLimits
  metrics: RelayMetrics
  log: Logger
}

const CLOSE_INTERNAL_ERROR = 1011

export function serveConnection(ws: WebSocket, roomName: string, context: ConnectionContext): void {
  const { metrics, log } = context
  const messageBucket = createTokenBucket(context.limits.messagesPerSecond, context.limits.messageBurst)
  const byteBucket = createTokenBucket(context.limits.bytesPerSecond, context.limits.byteBurst)
  const connection: Connection = {
    send: (frame) => {
      corkUntilIdle(ws)
      ws.send(frame, { binary: true })
    },
    close: (code, reason) => ws.close(code, reason),
    get bufferedAmount() {
      return ws.bufferedAmount
    },
  }
  let room: Room | null = null
  let closed = false
  const waiting: Array<[RawData, boolean]> = []

  const refuse = (error: ProtocolError) => {
    log.warn({ room: roomName, code: error.code, reason: error.reason }, 'connection refused')
    ws.close(error.code, error.reason)
    closed = true
  }

  const handle = (data: RawData, isBinary: boolean) => {
    if (closed || room === null) return
    const frame = toBytes(data)
    metrics.bytesReceived.inc(frame.byteLength)
    try {
      if (!isBinary) throw new ProtocolError(CLOSE_BAD_REQUEST, 'bad request: text frames are not supported')
      if (!messageBucket.take() || !byteBucket.take(frame.byteLength)) {
        metrics.updatesRejected.inc({ reason: 'rateLimited' })
        throw new ProtocolError(CLOSE_RATE_LIMITED, 'rate limited: too many messages')
      }
      room.receive(connection, decodeClientMessage(frame))
    } catch (error) {
      if (error instanceof ProtocolError) {
        if (error.code === CLOSE_BAD_REQUEST) metrics.updatesRejected.inc({ reason: 'badRequest' })
        refuse(error)
        return
      }
      log.error({ room: roomName, err: error }, 'internal error while handling a message')
      ws.close(CLOSE_INTERNAL_ERROR, 'internal error')
      closed = true
    }
  }

  ws.on('message', (data, isBinary) => {
    if (room === null) waiting.push([data, isBinary])
    else handle(data, isBinary)
  })
  ws.on('error', (error) => log.warn({ room: roomName, err: error.message }, 'websocket error'))
  ws.on('close', () => {
    closed = true
    metrics.connections.dec()
    if (room !== null) {
      room.leave(connection)
      context.rooms.release(room)
    }
  })
  metrics.connections.inc()

  context.rooms.acquire(roomName).then(
    (loaded) => {
      if (closed) {
        context.rooms.release(loaded)
        return
      }
      room = loaded
      loaded.join(connection)
      for (const [data, isBinary] of waiting.splice(0)) handle(data, isBinary)
    },
    (error: unknown) => {
      log.error({ room: roomName, err: error }, 'room failed to load')
      refuse(new ProtocolError(CLOSE_UNAVAILABLE, 'unavailable: room failed to load'))
    },
  )
}

const corked = new WeakSet<WebSocket>()

/**
 * Holds a socket's writes until the event loop has handled every message that is ready, so a busy
 * room's many small frames to one client leave in one write instead of one system call each.
 * ws does not expose cork; its underlying net.Socket does, and ws corks it itself when it sends.
 */
function corkUntilIdle(ws: WebSocket): void {
  const socket = (ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket
  if (socket === undefined || corked.has(ws)) return
  corked.add(ws)
  socket.cork()
  setImmediate(() => {
    corked.delete(ws)
    socket.uncork()
  })
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
