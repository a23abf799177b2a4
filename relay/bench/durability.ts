// Parley's durability: write N entries, SIGKILL the relay at a chosen moment, restart it on the
// same data dir and count what a fresh client gets. Only entries covered by a `durable`
// acknowledgement are promised to survive; the other moments show what the promise is worth.
import { createEntryWriter, type EntryWriter } from './entries.js'
import { countEntries } from './join.js'
import { type LightClient, openLightClient } from './lightClient.js'
import type { ProcessGroup, RelayProcess, RelaySpec } from './processes.js'
import { waitFor } from './stats.js'

const ACK_TIMEOUT_MS = 15_000
const FORWARD_TIMEOUT_MS = 15_000

/** acked: after a durable ack covering all N; forwarded: once a peer has all N; noWait: right after sending. */
export type KillMoment = 'acked' | 'forwarded' | 'noWait'

export interface DurabilityRound {
  moment: KillMoment
  written: number
  survived: number
  /** From the last send until the ack (acked) or the peer's receipt (forwarded). */
  waitedMs: number
}

export async function runDurabilityRound(
  group: ProcessGroup,
  spec: RelaySpec,
  moment: KillMoment,
  entries: number,
  roundId: number,
): Promise<DurabilityRound> {
  const room = `durable-${moment}-${roundId}`
  const relay = await group.start(spec)
  const writer = createEntryWriter(500_000 + roundId, room)
  let durableClock = 0
  let peerSeen = 0
  const client = await openLightClient(relay.url(room), {
    doc: writer.doc,
    onDurable: (stateVector) => {
      durableClock = stateVector.get(writer.client) ?? 0
    },
  })
  const peer = await openLightClient(relay.url(room), {
    onUpdate: () => {
      peerSeen++
    },
  })
  client.subscribeDurable()
  writeEntries(client, writer, entries)
  const sentAt = performance.now()
  if (moment === 'acked') {
    // An entry at clock k is durable once the acknowledged state vector has clock > k.
    await waitFor('durable ack of every entry', () => durableClock >= entries, ACK_TIMEOUT_MS, 1)
  } else if (moment === 'forwarded') {
    await waitFor('peer to receive every entry', () => peerSeen >= entries, FORWARD_TIMEOUT_MS, 1)
  }
  const waitedMs = performance.now() - sentAt
  await relay.stop('SIGKILL')
  client.terminate()
  peer.terminate()
  const survived = await countAfterRestart(group, spec, room)
  return { moment, written: entries, survived, waitedMs }
}

function writeEntries(client: LightClient, writer: EntryWriter, entries: number): void {
  for (let i = 0; i < entries; i++) client.sendUpdate(writer.append().update)
}

async function countAfterRestart(group: ProcessGroup, spec: RelaySpec, room: string): Promise<number> {
  const restarted: RelayProcess = await group.start(spec)
  try {
    return await countEntries(restarted, room)
  } finally {
    await restarted.stop('SIGTERM')
  }
}
