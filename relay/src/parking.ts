// Updates that arrived before what they depend on. A client whose updates reach the relay out of
// order for a moment (two tabs, a reconnect) is legitimate, so such an update waits here until its
// dependencies arrive; everything here is bounded per connection and per room, and expires.
import { dependenciesMet, type StateOf } from './dependencies.js'

export interface ParkingLimits {
  /** Updates one connection may have waiting. */
  maxParkedPerConnection: number
  /** Bytes one room may hold waiting, across its connections (they also count toward the room's size). */
  maxParkedBytesPerRoom: number
  /** How long an update may wait before it is refused. */
  parkedTtlMs: number
}

export interface Parked<C> {
  owner: C
  update: Uint8Array
  /** Per client, the state the room must reach first (from missingDependencies). */
  missing: ReadonlyMap<number, number>
  expiresAt: number
}

export interface ParkingLot<C> {
  /** Parks an update, or returns why it cannot wait (the caller refuses it then). */
  park(entry: Parked<C>): string | null
  /** Removes and returns the updates whose dependencies the room now has, oldest first. */
  takeReady(stateOf: StateOf): Array<Parked<C>>
  /** Removes and returns the updates that waited too long. */
  takeExpired(now: number): Array<Parked<C>>
  /** Drops a connection's updates (it left; it will send them again when it reconnects). */
  dropOwner(owner: C): void
  readonly bytes: number
  /** When the oldest update expires, or null when nothing waits. */
  readonly nextExpiry: number | null
}

export function createParkingLot<C>(limits: ParkingLimits): ParkingLot<C> {
  let parked: Array<Parked<C>> = []
  let bytes = 0

  const take = (matches: (entry: Parked<C>) => boolean): Array<Parked<C>> => {
    const taken = parked.filter(matches)
    if (taken.length === 0) return taken
    parked = parked.filter((entry) => !matches(entry))
    for (const entry of taken) bytes -= entry.update.byteLength
    return taken
  }

  return {
    park(entry) {
      const owned = parked.reduce((count, other) => count + (other.owner === entry.owner ? 1 : 0), 0)
      if (owned >= limits.maxParkedPerConnection) {
        return `more than ${limits.maxParkedPerConnection} updates waiting for entries the relay never received`
      }
      if (bytes + entry.update.byteLength > limits.maxParkedBytesPerRoom) {
        return 'too many updates in this room are waiting for entries the relay never received'
      }
      parked.push(entry)
      bytes += entry.update.byteLength
      return null
    },
    takeReady: (stateOf) => take((entry) => dependenciesMet(entry.missing, stateOf)),
    takeExpired: (now) => take((entry) => entry.expiresAt <= now),
    dropOwner(owner) {
      take((entry) => entry.owner === owner)
    },
    get bytes() {
      return bytes
    },
    get nextExpiry() {
      return parked.reduce<number | null>((soonest, e) => Math.min(soonest ?? e.expiresAt, e.expiresAt), null)
    },
  }
}
