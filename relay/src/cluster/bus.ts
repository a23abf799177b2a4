// The seam between relays of a cluster: publish to a room's channel, subscribe to it. Delivery is
// best effort (Redis pub/sub drops what a disconnected subscriber misses), which is why rows carry
// seqs and every relay repairs from the store; backends: redisBus.ts, and memoryBus.ts for tests.
import type { BusMessage } from './busMessages.js'

export interface BusHealth {
  ok: boolean
  /** Why not, for readiness and logs. */
  reason: string | null
}

export interface BusSubscription {
  /** Resolves once messages published from now on are delivered (repair reads wait for it). */
  readonly active: Promise<void>
  close(): void
}

export interface Bus {
  /** Best effort: never throws; a message published while the bus is down is lost. */
  publish(room: string, message: BusMessage): void
  /** One subscription per room per relay. */
  subscribe(room: string, onMessage: (message: BusMessage) => void): BusSubscription
  /** After the bus was lost and is back: messages in between are gone, so rooms repair. */
  onReconnect(listener: () => void): () => void
  readonly health: BusHealth
  close(): Promise<void>
}
