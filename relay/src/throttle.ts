// What one connection may cost: messages, bytes, presence messages and the relay's CPU time. Over
// its rate a connection is slowed down (the caller stops reading its socket for the returned time,
// so TCP pushes back on the sender); it is never refused for going fast.
import { MESSAGE_AWARENESS } from '@parley/protocol'
import { createTokenBucket } from './rateLimit.js'

export interface ThrottleLimits {
  messagesPerSecond: number
  messageBurst: number
  bytesPerSecond: number
  byteBurst: number
  /** Presence messages: a person's client renews every 15 s and on every typing change. */
  awarenessPerSecond: number
  awarenessBurst: number
  /** Main-thread time spent handling this connection's messages, forwarding included, in ms. */
  cpuMsPerSecond: number
  cpuMsBurst: number
}

export interface Throttle {
  /** Takes what `frame` costs; returns 0 when it may be handled now, else the ms to wait first. */
  admit(frame: Uint8Array): number
  /** Charges the main-thread time handling a frame took. */
  charge(cpuMs: number): void
}

export function createThrottle(limits: ThrottleLimits, now?: () => number): Throttle {
  const messages = createTokenBucket(limits.messagesPerSecond, limits.messageBurst, now)
  const bytes = createTokenBucket(limits.bytesPerSecond, limits.byteBurst, now)
  const awareness = createTokenBucket(limits.awarenessPerSecond, limits.awarenessBurst, now)
  const cpu = createTokenBucket(limits.cpuMsPerSecond, limits.cpuMsBurst, now)
  return {
    admit(frame) {
      const isAwareness = frame[0] === MESSAGE_AWARENESS
      // A frame larger than the byte burst waits for a full bucket rather than forever.
      const size = Math.min(frame.byteLength, limits.byteBurst)
      const wait = Math.max(
        messages.waitMs(1),
        bytes.waitMs(size),
        isAwareness ? awareness.waitMs(1) : 0,
        cpu.waitMs(Number.MIN_VALUE),
      )
      if (wait > 0) return wait
      messages.take(1)
      bytes.take(size)
      if (isAwareness) awareness.take(1)
      return 0
    },
    charge(cpuMs) {
      cpu.spend(cpuMs)
    },
  }
}
