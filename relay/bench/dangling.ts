// A flood of updates whose dependencies never arrive: each is one large entry from a Yjs client id
// nobody has seen, at a clock above 0, so the clocks before it never come. Yjs keeps such updates
// as "pending" and re-merges all of them on every later update; Parley parks a bounded number
// and refuses the rest. The entries are properly signed, so they pass every check but that one.
import { SYNC_STEP2 } from '@parley/protocol'
import * as Y from 'yjs'
import { signedMessage } from './entries.js'
import { entryUpdate } from './handUpdates.js'
import { type LightClient, openLightClient } from './lightClient.js'
import type { RelayProcess } from './processes.js'
import { createSigner } from './signing.js'
import { waitFor } from './stats.js'

/** Client ids of the flood start here, far from the ids other scenarios use. */
const FLOOD_CLIENT_BASE = 7_000_000
/** A pipelined sender keeps at most this much unsent, so "as fast as the socket lets it" is bounded. */
const FLOOD_HIGH_WATER_BYTES = 1024 * 1024
const FLOOD_POLL_MS = 2

export interface FloodSpec {
  updates: Uint8Array[]
  /** A state vector past every flood item: its syncStep2 answer is empty, and comes after the flood. */
  stateVector: Uint8Array
}

/**
 * `count` updates for `room` of one entry each, `entryBytes` as JSON (the envelope, as the relay
 * measures it), every one from a fresh client id at `clock`, all signed by one key.
 */
export function buildFlood(room: string, count: number, entryBytes: number, clock: number): FloodSpec {
  const signer = createSigner()
  const overhead = JSON.stringify(signedMessage(signer, room, 0, '')).length
  const text = 'x'.repeat(entryBytes - overhead)
  const updates: Uint8Array[] = []
  const pastFlood = new Map<number, number>()
  for (let i = 0; i < count; i++) {
    const client = FLOOD_CLIENT_BASE + i
    updates.push(entryUpdate(client, clock, signedMessage(signer, room, i, text), false))
    pastFlood.set(client, clock + 1)
  }
  return { updates, stateVector: Y.encodeStateVector(pastFlood) }
}

export interface FloodResult {
  sent: number
  total: number
  ms: number
  /** 'closed' by the relay, 'processed' (the relay answered after the last one), or 'cut off' by time. */
  outcome: 'closed' | 'processed' | 'cut off'
  closeCode: number | null
  closeReason: string
}

/**
 * Sends the flood on one connection as fast as its socket drains, then a syncStep1 whose answer
 * can only come once the relay has handled every update before it. Ends when the relay closes the
 * connection, answers, or `maxMs` has passed (then the connection is dropped).
 */
export async function runFlood(relay: RelayProcess, room: string, flood: FloodSpec, maxMs: number) {
  let answered = false
  const client = await openLightClient(relay.url(room), {
    onUpdate: (_update, syncType) => {
      if (syncType === SYNC_STEP2) answered = true
    },
  })
  const started = performance.now()
  const deadline = started + maxMs
  const sent = await sendPipelined(client, flood.updates, deadline)
  if (client.closeCode === null && performance.now() < deadline) {
    client.sendSyncStep1(flood.stateVector)
    const left = deadline - performance.now()
    await waitFor('the answer after the flood', () => answered || client.closeCode !== null, left, 5).catch(
      () => {}, // cut off: reported as such
    )
  }
  const ms = performance.now() - started
  const outcome = client.closeCode !== null ? 'closed' : answered ? 'processed' : 'cut off'
  const result: FloodResult = {
    sent,
    total: flood.updates.length,
    ms,
    outcome,
    closeCode: client.closeCode,
    closeReason: client.closeReason,
  }
  client.terminate()
  return result
}

async function sendPipelined(client: LightClient, updates: Uint8Array[], deadline: number) {
  let sent = 0
  while (sent < updates.length && client.closeCode === null && performance.now() < deadline) {
    const update = updates[sent]
    if (update === undefined || client.bufferedAmount > FLOOD_HIGH_WATER_BYTES) {
      await new Promise((resolve) => setTimeout(resolve, FLOOD_POLL_MS)) // let the socket drain
      continue
    }
    client.sendUpdate(update)
    sent++
  }
  return sent
}
