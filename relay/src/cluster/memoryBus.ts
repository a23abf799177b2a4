// A bus inside one process, for tests of relays sharing a store: every bus connected to a hub
// gets what the others publish, after a turn of the event loop as over a network. Tests can make
// it lose messages or drop and restore every connection, as a Redis restart would.
import type { Bus, BusHealth } from './bus.js'
import { type BusMessage, decodeBusMessage, encodeBusMessage } from './busMessages.js'

export interface MemoryBusHub {
  connect(): Bus
  /** The next `count` publications reach nobody. */
  loseNext(count: number): void
  /** Every connection goes down (publications are lost) until `restore`. */
  cut(): void
  /** Connections are back; each tells its reconnect listeners. */
  restore(): void
}

export function createMemoryBusHub(): MemoryBusHub {
  const subscribers = new Map<string, Set<(bytes: Uint8Array) => void>>()
  const reconnectListeners = new Set<() => void>()
  let toLose = 0
  let down = false
  return {
    connect() {
      const own = new Set<() => void>()
      const subscriptions = new Set<() => void>()
      return {
        publish(room: string, message: BusMessage) {
          if (down) return
          if (toLose > 0) {
            toLose--
            return
          }
          const bytes = encodeBusMessage(message)
          for (const deliver of subscribers.get(room) ?? []) setImmediate(() => deliver(bytes))
        },
        subscribe(room, onMessage) {
          const deliver = (bytes: Uint8Array) => {
            const message = decodeBusMessage(bytes)
            if (message !== null) onMessage(message)
          }
          let set = subscribers.get(room)
          if (set === undefined) {
            set = new Set()
            subscribers.set(room, set)
          }
          set.add(deliver)
          const close = () => {
            subscribers.get(room)?.delete(deliver)
            subscriptions.delete(close)
          }
          subscriptions.add(close)
          return { active: Promise.resolve(), close }
        },
        onReconnect(listener) {
          reconnectListeners.add(listener)
          own.add(listener)
          return () => {
            reconnectListeners.delete(listener)
            own.delete(listener)
          }
        },
        get health(): BusHealth {
          return down ? { ok: false, reason: 'bus cut by the test' } : { ok: true, reason: null }
        },
        async close() {
          for (const listener of own) reconnectListeners.delete(listener)
          for (const close of [...subscriptions]) close()
        },
      }
    },
    loseNext(count) {
      toLose += count
    },
    cut() {
      down = true
    },
    restore() {
      down = false
      for (const listener of [...reconnectListeners]) listener()
    },
  }
}
