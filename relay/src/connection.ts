// One websocket from accept to close: flow control, decoding, and handing messages to its room.
//
// Flow control slows before it refuses. Frames wait in a queue; when the connection is over its
// rate (throttle.ts), its room is still loading, or the relay's unsent data is too large
// (outbound.ts), the socket stops being read, so TCP pushes back on the sender and nothing is lost.
// Only a connection that stays over its rate past a generous threshold is closed as abusive.
import type { Duplex } from 'node:stream'
import {
  CLOSE_BAD_REQUEST,
  CLOSE_RATE_LIMITED,
  CLOSE_TOO_SLOW,
  CLOSE_UNAVAILABLE,
  decodeClientMessage,
  ProtocolError,
} from '@parley/protocol'
import type { Logger } from 'pino'
import type { RawData, WebSocket } from 'ws'
import type { RelayMetrics } from './metrics.js'
import type { OutboundGuard, OutboundMember } from './outbound.js'
import type { Connection, Room } from './room.js'
import type { RoomRegistry } from './rooms.js'
import { createThrottle, type ThrottleLimits } from './throttle.js'

export interface ConnectionLimits extends ThrottleLimits {
  /** Unsent bytes one connection may hold (beyond a single larger frame, such as a big room's state). */
  maxBufferedBytes: number
  /** A connection kept waiting by its rate for this long without a break is closed. */
  abusiveAfterMs: number
  /** Received frames that may wait in the queue, in bytes; a paused socket stops adding to it. */
  maxQueuedBytes: number
}

export interface ConnectionContext {
  rooms: RoomRegistry
  outbound: OutboundGuard
  limits: ConnectionLimits
  metrics: RelayMetrics
  log: Logger
}

const CLOSE_INTERNAL_ERROR = 1011
/** How long a reader closed as too slow gets to take its close frame before its socket is ended. */
const TOO_SLOW_TERMINATE_MS = 1_000
/**
 * What one unsent frame costs beyond its bytes: the frame's header buffer and the socket's write
 * request, held on the JS heap until it leaves. A busy room sends many small frames, so counting
 * only bytes let 200 readers hold ~240k queued frames (~120 MiB of heap) within a 32 MiB limit.
 */
const FRAME_OVERHEAD_BYTES = 256
/** A probed connection that does not answer a ping within this time is taken for dead. */
const PROBE_TIMEOUT_MS = 5_000

type PauseReason = 'loading' | 'throttled' | 'outbound'

/**
 * Serves `ws` for room `roomName`. `socket` is the raw TCP socket of the upgrade request: writes to
 * it are corked until the event loop is idle, so a busy room's many small frames to one client
 * leave in one write instead of one system call each.
 */
export function serveConnection(
  ws: WebSocket,
  socket: Duplex,
  roomName: string,
  context: ConnectionContext,
): void {
  const { metrics, log, limits } = context
  const throttle = createThrottle(limits)
  const queue: Uint8Array[] = []
  const pauses = new Set<PauseReason>()
  const buffer = createSendAccounting(limits.maxBufferedBytes)
  let queuedBytes = 0
  let room: Room | null = null
  let closed = false
  let throttledSince: number | null = null
  let resumeTimer: NodeJS.Timeout | null = null
  let probeTimer: NodeJS.Timeout | null = null
  let corked = false

  const close = (code: number, reason: string) => {
    if (closed) return
    closed = true
    if (code !== 1000 && code !== 1001)
      log.warn({ room: roomName, code, reason }, 'connection closed by the relay')
    ws.close(code, reason)
    // The closing handshake needs the peer's close frame, which a paused socket would never read.
    if (pauses.size > 0) ws.resume()
  }

  // A reader this far behind would see the close frame only after everything queued before it, so
  // its buffer stops counting at once and the socket is ended soon, handshake or not.
  const closeTooSlow = (reason: string) => {
    if (closed) return
    metrics.updatesRejected.inc({ reason: 'tooSlow' })
    context.outbound.remove(member)
    close(CLOSE_TOO_SLOW, reason)
    setTimeout(() => ws.terminate(), TOO_SLOW_TERMINATE_MS).unref()
  }

  const connection: Connection = {
    send(frame, shared = false) {
      if (closed) return
      if (buffer.ownBytes(ws.bufferedAmount) > buffer.allowance) {
        closeTooSlow('too slow: send buffer full')
        return
      }
      if (!corked) {
        corked = true
        socket.cork()
        setImmediate(() => {
          corked = false
          socket.uncork()
        })
      }
      ws.send(frame, { binary: true }, buffer.written)
      buffer.sent(frame.byteLength, shared)
      context.outbound.noteSent((shared ? 0 : frame.byteLength) + FRAME_OVERHEAD_BYTES)
      metrics.bytesSent.inc(frame.byteLength)
    },
    close,
    probe() {
      if (probeTimer !== null || closed) return
      probeTimer = setTimeout(() => ws.terminate(), PROBE_TIMEOUT_MS)
      ws.once('pong', () => {
        if (probeTimer !== null) clearTimeout(probeTimer)
        probeTimer = null
      })
      ws.ping()
    },
  }

  const member: OutboundMember = {
    get ownBufferedBytes() {
      return buffer.ownBytes(ws.bufferedAmount)
    },
    setReadingPaused: (paused) => setPaused('outbound', paused),
    closeTooSlow() {
      closeTooSlow('too slow: the relay has too much unsent data')
    },
  }

  const setPaused = (reason: PauseReason, paused: boolean) => {
    const wasPaused = pauses.size > 0
    if (paused) pauses.add(reason)
    else pauses.delete(reason)
    if (pauses.size > 0 && !wasPaused) ws.pause()
    if (pauses.size === 0 && wasPaused) {
      ws.resume()
      pump()
    }
  }

  const pump = () => {
    while (room !== null && !closed && pauses.size === 0) {
      const frame = queue[0]
      if (frame === undefined) {
        throttledSince = null
        return
      }
      const waitMs = throttle.admit(frame)
      if (waitMs > 0) {
        waitForRate(waitMs)
        return
      }
      queue.shift()
      queuedBytes -= frame.byteLength
      const started = performance.now()
      handle(room, frame)
      throttle.charge(performance.now() - started)
    }
  }

  const waitForRate = (waitMs: number) => {
    const now = performance.now()
    throttledSince ??= now
    if (now - throttledSince > limits.abusiveAfterMs) {
      metrics.updatesRejected.inc({ reason: 'rateLimited' })
      close(
        CLOSE_RATE_LIMITED,
        `rate limited: over the rate without a break for ${Math.round(limits.abusiveAfterMs / 100) / 10} s`,
      )
      return
    }
    metrics.throttled.inc()
    setPaused('throttled', true)
    resumeTimer = setTimeout(() => {
      resumeTimer = null
      setPaused('throttled', false)
    }, Math.ceil(waitMs))
  }

  const handle = (target: Room, frame: Uint8Array) => {
    try {
      target.receive(connection, decodeClientMessage(frame))
    } catch (error) {
      if (error instanceof ProtocolError) {
        if (error.code === CLOSE_BAD_REQUEST) metrics.updatesRejected.inc({ reason: 'badRequest' })
        close(error.code, error.reason)
        return
      }
      log.error({ room: roomName, err: error }, 'internal error while handling a message')
      close(CLOSE_INTERNAL_ERROR, 'internal error')
    }
  }

  ws.on('message', (data, isBinary) => {
    if (closed) return
    const frame = toBytes(data)
    metrics.bytesReceived.inc(frame.byteLength)
    if (!isBinary) {
      metrics.updatesRejected.inc({ reason: 'badRequest' })
      close(CLOSE_BAD_REQUEST, 'bad request: text frames are not supported')
      return
    }
    queue.push(frame)
    queuedBytes += frame.byteLength
    // A paused socket delivers at most what it had already read; more means backpressure is ignored.
    if (queuedBytes > limits.maxQueuedBytes) {
      metrics.updatesRejected.inc({ reason: 'rateLimited' })
      close(CLOSE_RATE_LIMITED, 'rate limited: too much sent while asked to wait')
      return
    }
    pump()
  })
  ws.on('error', (error) => log.warn({ room: roomName, err: error.message }, 'websocket error'))
  ws.on('close', () => {
    closed = true
    if (resumeTimer !== null) clearTimeout(resumeTimer)
    if (probeTimer !== null) clearTimeout(probeTimer)
    queue.length = 0
    context.outbound.remove(member)
    metrics.connections.dec()
    if (room !== null) {
      room.leave(connection)
      context.rooms.release(room)
    }
  })
  metrics.connections.inc()
  context.outbound.add(member)
  setPaused('loading', true)

  context.rooms.acquire(roomName).then(
    (loaded) => {
      if (closed) {
        context.rooms.release(loaded)
        return
      }
      room = loaded
      loaded.join(connection)
      setPaused('loading', false)
    },
    (error: unknown) => {
      log.error({ room: roomName, err: error }, 'room failed to load')
      metrics.updatesRejected.inc({ reason: 'unavailable' })
      close(CLOSE_UNAVAILABLE, 'unavailable: room failed to load')
    },
  )
}

/**
 * Which of a connection's unsent bytes are its own. A cached frame sent to many connections (a
 * room's full state) is one buffer, so it is not counted against each; and a single frame larger
 * than the limit (a big room's state) is allowed through until it drains.
 */
function createSendAccounting(maxBufferedBytes: number) {
  let sharedBytes = 0
  let largeFrameBytes = 0
  let unwrittenFrames = 0
  return {
    ownBytes(bufferedAmount: number): number {
      // Frames leave in order, so once less than the shared part is buffered, some of it has left.
      sharedBytes = Math.min(sharedBytes, bufferedAmount)
      const own = bufferedAmount - sharedBytes
      if (own <= maxBufferedBytes) largeFrameBytes = 0
      return own + unwrittenFrames * FRAME_OVERHEAD_BYTES
    },
    /** ws calls this once a frame has been handed to the socket (or the socket is gone). */
    written: () => {
      unwrittenFrames--
    },
    get allowance(): number {
      return maxBufferedBytes + largeFrameBytes
    },
    sent(bytes: number, shared: boolean) {
      unwrittenFrames++
      if (shared) sharedBytes += bytes
      else if (bytes > maxBufferedBytes) largeFrameBytes = Math.max(largeFrameBytes, bytes)
    },
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
