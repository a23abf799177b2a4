// One writer, many single-entry updates, pipelined: it sends as fast as its socket drains and never
// waits for an acknowledgement of each. Done is when a second client has received the last entry
// (both relays) and, for Parley, when a durable acknowledgement covers it.
import { SYNC_UPDATE } from '@parley/protocol'
import { signedMessage } from './entries.js'
import { entryUpdate } from './handUpdates.js'
import { firstStructId, type LightClient, openLightClient } from './lightClient.js'
import type { RelayProcess } from './processes.js'
import { createSigner } from './signing.js'
import { type Load, startLoadMonitor, waitFor } from './stats.js'

/** The writer keeps at most this much unsent, so a relay that stops reading stops the writer. */
const WRITER_HIGH_WATER_BYTES = 256 * 1024
const WRITER_POLL_MS = 1
const WRITER_YIELD_EVERY = 200
const DONE_POLL_MS = 5

export interface IngestResult {
  count: number
  sent: number
  /** First send until the peer had the last entry; null if it never did within the bound. */
  forwardedMs: number | null
  /** First send until a durable acknowledgement covered the last entry (Parley only). */
  durableMs: number | null
  /** Entries the peer had, and entries covered by a durable acknowledgement, when the run ended. */
  received: number
  durable: number
  /** First send until the run ended, done or not. */
  endedMs: number
  load: Load
  /** Why the run ended early, if it did: a close, a timeout, the relay exiting. */
  problem: string | null
}

/** One writer's log for `room`: `count` single-entry updates, each appended after the previous one. */
export interface WriterLog {
  room: string
  client: number
  updates: Uint8Array[]
}

/**
 * Signed and encoded before the clock starts (signing costs the harness ~0.1 ms an entry). Built
 * byte by byte, not through a Y.Doc: Yjs merges each new entry of one client into the previous
 * item by copying its whole array, an O(n) append that would make the harness the bottleneck.
 */
export function buildWriterLog(room: string, client: number, count: number): WriterLog {
  const signer = createSigner()
  const updates: Uint8Array[] = []
  for (let clock = 0; clock < count; clock++) {
    updates.push(entryUpdate(client, clock, signedMessage(signer, room, Date.now()), clock > 0))
  }
  return { room, client, updates }
}

export interface IngestOptions {
  log: WriterLog
  durable: boolean
  /** At most this many entries sent but not yet received by the peer; Infinity for the socket alone. */
  window: number
  timeoutMs: number
}

export async function ingest(relay: RelayProcess, options: IngestOptions): Promise<IngestResult> {
  const { room, client: writerClient, updates } = options.log
  const writer = { client: writerClient, received: 0, durable: 0 }
  const last = updates.length - 1
  const marks = { forwardedAt: 0, durableAt: 0 }
  // No doc: the writer answers the relay's syncStep1 with an empty update, and everything it has
  // is on its way anyway.
  const client = await openLightClient(relay.url(room), {
    onDurable: (stateVector) => {
      writer.durable = Math.max(writer.durable, stateVector.get(writer.client) ?? 0)
      if (writer.durable > last && marks.durableAt === 0) marks.durableAt = performance.now()
    },
  })
  const peer = await openLightClient(relay.url(room), {
    onUpdate: (update, syncType) => {
      if (syncType !== SYNC_UPDATE) return
      const id = firstStructId(update)
      if (id === null || id.client !== writer.client) return
      writer.received = Math.max(writer.received, id.clock + 1)
      if (id.clock >= last && marks.forwardedAt === 0) marks.forwardedAt = performance.now()
    },
  })
  if (options.durable) client.subscribeDurable()
  const monitor = startLoadMonitor(relay.pid)
  const started = performance.now()
  const deadline = started + options.timeoutMs
  try {
    const inFlight = (sent: number) => sent - writer.received
    const sent = await writePipelined(client, options, inFlight, deadline)
    const done = () => marks.forwardedAt > 0 && (!options.durable || marks.durableAt > 0)
    const gone = () => client.closeCode !== null || peer.closeCode !== null
    const left = Math.max(0, deadline - performance.now())
    await waitFor('every entry to arrive', () => done() || gone(), left, DONE_POLL_MS).catch(() => {})
    const since = (at: number) => (at > 0 ? at - started : null)
    return {
      count: updates.length,
      sent,
      forwardedMs: since(marks.forwardedAt),
      durableMs: since(marks.durableAt),
      received: writer.received,
      durable: writer.durable,
      endedMs: performance.now() - started,
      load: monitor.stop(),
      problem: done() ? null : ended(relay, client, peer),
    } satisfies IngestResult
  } finally {
    client.terminate()
    peer.terminate()
  }
}

/** Sends the log's updates whenever the socket has drained below the mark and the window allows. */
async function writePipelined(
  client: LightClient,
  options: IngestOptions,
  inFlight: (sent: number) => number,
  deadline: number,
) {
  let sent = 0
  const { updates } = options.log
  while (sent < updates.length && client.closeCode === null && performance.now() < deadline) {
    const update = updates[sent]
    if (
      update === undefined ||
      client.bufferedAmount > WRITER_HIGH_WATER_BYTES ||
      inFlight(sent) >= options.window
    ) {
      await new Promise((resolve) => setTimeout(resolve, WRITER_POLL_MS)) // let the socket drain
      continue
    }
    client.sendUpdate(update)
    sent++
    // The peer shares this event loop: a writer that never yields would leave it unread, and a
    // relay that bounds unsent data would then slow the writer down for the harness's sake.
    if (sent % WRITER_YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  return sent
}

function ended(relay: RelayProcess, client: LightClient, peer: LightClient): string {
  const exit = relay.exitStatus()
  if (exit !== null) return `relay exited (${exit})`
  if (client.closeCode !== null) return `writer closed ${client.closeCode} ${client.closeReason}`.trim()
  if (peer.closeCode !== null) return `peer closed ${peer.closeCode} ${peer.closeReason}`.trim()
  return 'timed out'
}
