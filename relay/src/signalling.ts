// Signalling within one room: a signal goes from the connection that holds its `from` client id to
// the one connection that holds its `to` client id and asked for signals, and nowhere else; it is
// never stored. In a cluster, a signal for a client id held on another relay goes there through
// the bus (`elsewhere`), and that relay delivers it with `deliverTo`.
import {
  CLOSE_FORBIDDEN_UPDATE,
  CLOSE_RATE_LIMITED,
  CLOSE_TOO_LARGE,
  encodeSignal,
  encodeSignalUndelivered,
  SIGNAL_NOT_FOUND,
  type Signal,
} from '@parley/protocol'
import { createTokenBucket, type TokenBucket } from './rateLimit.js'

export interface SignalLimits {
  /** A signal's payload, in UTF-8 bytes. */
  maxSignalBytes: number
  /** Signals one connection may send: a call's setup is a burst of ICE candidates, then quiet. */
  signalsPerSecond: number
  signalBurst: number
}

/** Where a room hands an ephemeral frame addressed to one awareness client id. */
export interface EphemeralRoute {
  /** Sends `frame` to the connection holding `clientId` if it takes signals; false when there is none. */
  deliverTo(clientId: number, frame: Uint8Array): boolean
}

interface Sender {
  send(frame: Uint8Array): void
}

export interface SignallingOptions<C extends Sender> {
  limits: SignalLimits
  /** The connection holding an awareness client id (presence.ts binds them). */
  holderOf(clientId: number): C | undefined
  /**
   * Cluster mode: hands `frame` on when another relay holds `clientId`; false when none does.
   * Whether that connection takes signals is only known there, so no 106 comes back for it.
   */
  elsewhere?(clientId: number, frame: Uint8Array): boolean
}

const utf8 = new TextEncoder()

export class RoomSignalling<C extends Sender> implements EphemeralRoute {
  private readonly subscribers = new Set<C>()
  private readonly budgets = new Map<C, TokenBucket>()

  constructor(private readonly options: SignallingOptions<C>) {}

  subscribe(connection: C): void {
    this.subscribers.add(connection)
  }

  leave(connection: C): void {
    this.subscribers.delete(connection)
    this.budgets.delete(connection)
  }

  deliverTo(clientId: number, frame: Uint8Array): boolean {
    const holder = this.options.holderOf(clientId)
    if (holder === undefined || !this.subscribers.has(holder)) return false
    holder.send(frame)
    return true
  }

  /** Forwards `signal` from `sender`, or tells the sender why it was not. */
  route(sender: C, signal: Signal): void {
    const problem = this.check(sender, signal)
    if (problem !== null) {
      sender.send(encodeSignalUndelivered({ to: signal.to, code: problem[0], reason: problem[1] }))
      return
    }
    const frame = encodeSignal(signal)
    if (!this.deliverTo(signal.to, frame) && this.options.elsewhere?.(signal.to, frame) !== true) {
      const reason = `not found: no one in this room takes signals as client ${signal.to}`
      sender.send(encodeSignalUndelivered({ to: signal.to, code: SIGNAL_NOT_FOUND, reason }))
    }
  }

  private check(sender: C, signal: Signal): [number, string] | null {
    const { limits } = this.options
    const bytes = utf8.encode(signal.payload).byteLength
    if (bytes > limits.maxSignalBytes) {
      return [CLOSE_TOO_LARGE, `too large: signal of ${bytes} bytes over ${limits.maxSignalBytes}`]
    }
    if (this.options.holderOf(signal.from) !== sender) {
      return [CLOSE_FORBIDDEN_UPDATE, `forbidden: client ${signal.from} is not announced by this connection`]
    }
    if (!this.budgetOf(sender).take()) {
      return [
        CLOSE_RATE_LIMITED,
        `rate limited: more than ${limits.signalsPerSecond} signals a second (burst ${limits.signalBurst})`,
      ]
    }
    return null
  }

  private budgetOf(connection: C): TokenBucket {
    let budget = this.budgets.get(connection)
    if (budget === undefined) {
      budget = createTokenBucket(this.options.limits.signalsPerSecond, this.options.limits.signalBurst)
      this.budgets.set(connection, budget)
    }
    return budget
  }
}
