// The bus on Redis pub/sub (node-redis): one channel per room, binary messages. Redis keeps
// nothing here: a message published while a relay is disconnected never reaches it, so after a
// reconnect every room repairs from the store. Publishing never queues while Redis is down (it
// would grow without bound and deliver stale rows late); it is dropped and counted instead.
import { createClient } from 'redis'
import type { Bus, BusHealth, BusSubscription } from './bus.js'
import { type BusMessage, decodeBusMessage, encodeBusMessage } from './busMessages.js'

export interface RedisBusOptions {
  url: string
  /** Prefix of every channel, so several clusters (or test runs) can share one Redis. */
  prefix?: string
  /** Told when the connection is lost or a publish fails (for logs and metrics). */
  onError?(error: Error): void
}

const RECONNECT_MAX_MS = 2_000
const CONNECT_TIMEOUT_MS = 5_000
/** Redis is pinged this often, so a silently dead connection is noticed. */
const PING_INTERVAL_MS = 5_000

type Listener = (message: BusMessage) => void

export function createRedisBus(options: RedisBusOptions): Bus {
  const prefix = options.prefix ?? 'parley:'
  const clientOptions = {
    url: options.url,
    disableOfflineQueue: true,
    pingInterval: PING_INTERVAL_MS,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, RECONNECT_MAX_MS),
    },
  }
  const publisher = createClient(clientOptions)
  const subscriber = createClient(clientOptions)
  const wanted = new Map<string, Listener>()
  /** Channels Redis confirmed; node-redis subscribes to these again by itself after a reconnect. */
  const confirmed = new Set<string>()
  const waiting = new Map<string, Array<() => void>>()
  const reconnectListeners = new Set<() => void>()
  let lastError: string | null = null
  let wasLost = false
  let closed = false

  const channelOf = (room: string) => `${prefix}room:${room}`

  const trySubscribe = (channel: string) => {
    const listener = wanted.get(channel)
    if (listener === undefined || confirmed.has(channel) || !subscriber.isReady) return
    subscriber
      .subscribe(
        channel,
        (bytes: Buffer) => {
          const message = decodeBusMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
          if (message !== null) wanted.get(channel)?.(message)
        },
        true,
      )
      .then(
        () => {
          if (!wanted.has(channel)) {
            void subscriber.unsubscribe(channel).catch(() => {})
            return
          }
          confirmed.add(channel)
          for (const wake of waiting.get(channel)?.splice(0) ?? []) wake()
        },
        () => {}, // tried again on the next 'ready'
      )
  }

  const lost = (error: Error) => {
    lastError = error.message
    wasLost = true
    options.onError?.(error)
  }
  for (const client of [publisher, subscriber]) {
    client.on('error', lost)
    client.on('ready', () => {
      if (!publisher.isReady || !subscriber.isReady) return
      lastError = null
      for (const channel of wanted.keys()) trySubscribe(channel)
      if (!wasLost) return
      wasLost = false
      for (const listener of [...reconnectListeners]) listener()
    })
  }
  // Not awaited: a relay starts (unready) while Redis is still coming up, and connects when it is.
  void publisher.connect().catch(lost)
  void subscriber.connect().catch(lost)

  return {
    publish(room, message) {
      if (!publisher.isReady) return
      publisher.publish(channelOf(room), Buffer.from(encodeBusMessage(message))).catch(lost)
    },
    subscribe(room, onMessage): BusSubscription {
      const channel = channelOf(room)
      wanted.set(channel, onMessage)
      const active = new Promise<void>((resolve) => {
        const list = waiting.get(channel) ?? []
        list.push(resolve)
        waiting.set(channel, list)
      })
      trySubscribe(channel)
      return {
        active,
        close() {
          wanted.delete(channel)
          waiting.delete(channel)
          if (!confirmed.delete(channel)) return
          if (subscriber.isReady) void subscriber.unsubscribe(channel).catch(() => {})
        },
      }
    },
    onReconnect(listener) {
      reconnectListeners.add(listener)
      return () => reconnectListeners.delete(listener)
    },
    get health(): BusHealth {
      if (publisher.isReady && subscriber.isReady) return { ok: true, reason: null }
      return { ok: false, reason: `redis unreachable${lastError === null ? '' : `: ${lastError}`}` }
    },
    async close() {
      if (closed) return
      closed = true
      wanted.clear()
      await Promise.all([publisher, subscriber].map((client) => client.close().catch(() => {})))
    },
  }
}
