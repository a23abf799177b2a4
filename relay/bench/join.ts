// Seeding a room and joining it: time from socket open until the joining client's array holds
// every entry, and the bytes it received on the way.
import fs from 'node:fs'
import path from 'node:path'
import { SYNC_STEP2 } from '@parley/protocol'
import * as Y from 'yjs'
import type { Seed } from './entries.js'
import { type LightClient, openLightClient } from './lightClient.js'
import type { RelayProcess } from './processes.js'
import { waitFor, withTimeout } from './stats.js'

/**
 * Parley verifies every entry's signature and charges it to the sending connection's CPU budget
 * (300 ms/s), so one connection seeding 100k signed entries takes tens of seconds.
 */
const SEED_TIMEOUT_MS = 180_000
const JOIN_TIMEOUT_MS = 60_000
const COUNT_TIMEOUT_MS = 30_000
const LEVELDB_SETTLE_MS = 1_000
const LEVELDB_TIMEOUT_MS = 30_000

/**
 * Sends the seed's chunks, each followed by a syncStep1 with the state vector after it: the relay
 * answers in order, so its (empty) syncStep2 means the chunk was applied, and only then does the
 * next one go. Sent all at once, the chunks would sit unread while Parley makes the connection
 * wait for its CPU budget (it verifies every signature), and its 30 s keepalive would drop the
 * connection, whose pong waits behind them. The client stays open, keeping the room in memory,
 * until the caller closes it.
 */
export async function seedRoom(
  relay: RelayProcess,
  room: string,
  seed: Seed,
): Promise<{ holder: LightClient; ms: number }> {
  let answers = 0
  const holder = await openLightClient(relay.url(room), {
    onUpdate: (_update, syncType) => {
      if (syncType === SYNC_STEP2) answers++
    },
  })
  const started = performance.now()
  const deadline = started + SEED_TIMEOUT_MS
  for (const [i, chunk] of seed.chunks.entries()) {
    holder.sendUpdate(chunk)
    holder.sendSyncStep1(seed.chunkStateVectors[i] ?? seed.stateVector)
    const applied = () => answers > i || holder.closeCode !== null
    await waitFor(`seed of ${room}, chunk ${i + 1}`, applied, Math.max(0, deadline - performance.now()), 5)
    if (holder.closeCode !== null) {
      throw new Error(`relay closed the connection: ${holder.closeCode} ${holder.closeReason}`)
    }
  }
  return { holder, ms: performance.now() - started }
}

export interface JoinResult {
  /** Socket open until the array holds every entry (receive and apply). */
  ms: number
  /** Socket open until the frame that completed it arrived. */
  receivedMs: number
  bytes: number
}

export async function joinRoom(relay: RelayProcess, room: string, entries: number): Promise<JoinResult> {
  const doc = new Y.Doc()
  const messages = doc.getArray('messages')
  let lastFrameAt = 0
  let completedAt = 0
  let bytesAtCompletion = 0
  let complete = () => {}
  const done = new Promise<void>((resolve) => {
    complete = resolve
  })
  const client = await openLightClient(relay.url(room), {
    doc,
    onUpdate: (update) => {
      lastFrameAt = performance.now()
      Y.applyUpdate(doc, update)
      if (messages.length < entries || completedAt > 0) return
      completedAt = performance.now()
      bytesAtCompletion = client.bytesReceived
      complete()
    },
  })
  client.sendSyncStep1(Y.encodeStateVector(doc))
  try {
    await withTimeout(`join of ${room} (${entries} entries)`, closedOr(client, done), JOIN_TIMEOUT_MS)
  } finally {
    await client.close()
    doc.destroy()
  }
  return {
    ms: completedAt - client.openedAt,
    receivedMs: lastFrameAt - client.openedAt,
    bytes: bytesAtCompletion,
  }
}

/** How many entries the relay has: the answer to an empty syncStep1 is the whole room. */
export async function countEntries(relay: RelayProcess, room: string): Promise<number> {
  const doc = new Y.Doc()
  let answered = () => {}
  const answer = new Promise<void>((resolve) => {
    answered = resolve
  })
  const client = await openLightClient(relay.url(room), {
    doc,
    onUpdate: (update, syncType) => {
      Y.applyUpdate(doc, update)
      if (syncType === SYNC_STEP2) answered()
    },
  })
  client.sendSyncStep1(Y.encodeStateVector(doc))
  try {
    await withTimeout(`count of ${room}`, closedOr(client, answer), COUNT_TIMEOUT_MS)
    return doc.getArray('messages').length
  } finally {
    await client.close()
    doc.destroy()
  }
}

/**
 * The reference writes y-leveldb in the background and has no acknowledgement, so the only sign
 * its writes are done is its data dir no longer growing.
 */
export async function waitForLeveldbSettled(dataDir: string): Promise<void> {
  let lastSize = -1
  let stableSince = performance.now()
  await waitFor(
    'y-leveldb writes to settle',
    () => {
      const size = directoryBytes(path.join(dataDir, 'leveldb'))
      if (size !== lastSize) {
        lastSize = size
        stableSince = performance.now()
      }
      return size > 0 && performance.now() - stableSince >= LEVELDB_SETTLE_MS
    },
    LEVELDB_TIMEOUT_MS,
    100,
  )
}

function directoryBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0
  return fs.readdirSync(dir).reduce((total, name) => total + fs.statSync(path.join(dir, name)).size, 0)
}

/** Rejects if the relay closes the client before `promise` settles. */
async function closedOr(client: LightClient, promise: Promise<void>): Promise<void> {
  await Promise.race([
    promise,
    client.closed.then(() => {
      throw new Error(`relay closed the connection: ${client.closeCode} ${client.closeReason}`)
    }),
  ])
}
