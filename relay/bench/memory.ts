// Relay memory: VmRSS of the relay process idle, with K rooms loaded (one client each), and after
// every client has left and the grace period has passed.
import type { Seed } from './entries.js'
import { seedRoom } from './join.js'
import type { LightClient } from './lightClient.js'
import type { RelayProcess } from './processes.js'
import { processRssMiB } from './stats.js'

const UNLOAD_TIMEOUT_MS = 60_000
/** Rooms seeded at once. */
const SEED_CONCURRENCY = 10

export interface MemoryResult {
  idleMiB: number
  loadedMiB: number
  perRoomKiB: number
  afterLeaveMiB: number
  /** From the last client leaving until the RSS reading; null if the relay never unloads. */
  afterLeaveWaitMs: number
  unloaded: boolean
}

export async function measureMemory(
  relay: RelayProcess,
  /** One seed per room: an entry is signed for its room. */
  seeds: readonly Seed[],
  graceMs: number,
): Promise<MemoryResult> {
  const rooms = seeds.length
  const idleMiB = processRssMiB(relay.pid)
  const holders: LightClient[] = []
  try {
    for (let start = 0; start < seeds.length; start += SEED_CONCURRENCY) {
      const batch = seeds
        .slice(start, start + SEED_CONCURRENCY)
        .map((seed) => seedRoom(relay, seed.room, seed))
      for (const { holder } of await Promise.all(batch)) holders.push(holder)
    }
  } catch (error) {
    await Promise.all(holders.map((holder) => holder.close()))
    throw error
  }
  const loadedMiB = processRssMiB(relay.pid)
  const unloadsBefore = relay.logCount('room unloaded')
  await Promise.all(holders.map((holder) => holder.close()))
  const left = performance.now()
  let unloaded = false
  if (relay.spec.kind === 'parley') {
    await relay.waitForLog('room unloaded', unloadsBefore + rooms, graceMs + UNLOAD_TIMEOUT_MS)
    unloaded = true
  } else {
    // The in-memory reference never unloads a room, so there is no event to wait for: give it
    // the same grace period Parley gets, then read.
    await new Promise((resolve) => setTimeout(resolve, graceMs + 500))
  }
  return {
    idleMiB,
    loadedMiB,
    perRoomKiB: ((loadedMiB - idleMiB) * 1024) / rooms,
    afterLeaveMiB: processRssMiB(relay.pid),
    afterLeaveWaitMs: performance.now() - left,
    unloaded,
  }
}
