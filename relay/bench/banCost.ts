// `npm run bench:bans`: the relay's CPU per accepted update in a room with 1,000 banned keys,
// against a room of the same size without bans, in the same run (the ban check is a set lookup
// per entry, plus a cheap text check for control entries; this measures that it stays so).
//
// One relay process (the real one, from source). Room "bans" holds its owner's first entry and
// 1,000 ban entries; room "plain" holds 1,001 ordinary entries. A member then writes ROUND_UPDATES
// updates (one signed entry each) into each room in turn, ROUNDS times, alternating which room
// goes first; relay CPU (/proc/<pid>/stat) over a round divided by its updates is the figure.

import { performance } from 'node:perf_hooks'
import { parseEnvelope } from '@parley/protocol'
import { changesRules, checkWriters, foldRoomRules } from '../src/writers.js'
import { connectClient, type TestClient } from '../test/client.js'
import { startRelay } from '../test/relayProcess.js'
import { createTestSigner, type TestSigner } from '../test/signing.js'
import { median, processCpuMs, waitForQuietMachine } from './stats.js'

const BANNED_KEYS = 1000
const ROUNDS = 10
/** Each round waits up to this long for the machine to be quiet (it is shared; see BENCHMARKING.md). */
const QUIET_WAIT_MS = 5_000
const ROUND_UPDATES = 1500
const SEED_BATCH = 100

function seedBody(kind: 'bans' | 'plain', i: number, target: TestSigner | null): Record<string, unknown> {
  if (kind === 'bans' && target !== null) return { v: 2, type: 'ban', target: target.key, on: true }
  return { v: 2, type: 'message', ts: i, text: `seed ${i}` }
}

/** The owner's first entry, then 1,000 bans (or 1,000 messages), stored by the relay. */
async function seedRoom(url: string, room: string, kind: 'bans' | 'plain'): Promise<void> {
  const owner = connectClient(url, room, { durable: true })
  await owner.synced()
  const log = owner.doc.getArray('messages')
  log.push([owner.signer.seal(room, { v: 2, type: 'join', ts: 0 })])
  for (let start = 0; start < BANNED_KEYS; start += SEED_BATCH) {
    const batch = []
    for (let i = start; i < start + SEED_BATCH; i++)
      batch.push(owner.signer.seal(room, seedBody(kind, i, createTestSigner())))
    log.push(batch)
  }
  await owner.durableNow(60_000)
  owner.destroy()
}

/**
 * The ban check alone, in this process: what the relay runs for each new entry (changesRules and
 * checkWriters against the folded rules), in µs per entry, for the rules of a room of each kind.
 */
function checkCostUs(kind: 'bans' | 'plain'): number {
  const owner = createTestSigner()
  const log: unknown[] = [owner.seal('r', { v: 2, type: 'join', ts: 0 })]
  for (let i = 0; i < BANNED_KEYS; i++) log.push(owner.seal('r', seedBody(kind, i, createTestSigner())))
  const rules = foldRoomRules(log)
  const writer = createTestSigner()
  const entries = Array.from({ length: 2000 }, (_, i) => {
    const envelope = parseEnvelope(writer.seal('r', { v: 2, type: 'message', ts: i, text: `entry ${i}` }))
    if (typeof envelope === 'string') throw new Error(envelope)
    return { envelope, at: { client: 1, clock: i, length: 1 } }
  })
  const none = new Uint8Array()
  const start = performance.now()
  for (let pass = 0; pass < 25; pass++) {
    for (const entry of entries) {
      changesRules([entry], rules.owners.length === 0)
      if (checkWriters('r', none, [entry], rules, false) !== null) throw new Error('refused')
    }
  }
  return ((performance.now() - start) * 1000) / (25 * entries.length)
}

/** Relay CPU per update while `writer` appends ROUND_UPDATES entries, one update each. */
async function round(pid: number, writer: TestClient, room: string, offset: number): Promise<number> {
  const log = writer.doc.getArray('messages')
  const entries = []
  for (let i = 0; i < ROUND_UPDATES; i++)
    entries.push(
      writer.signer.seal(room, { v: 2, type: 'message', ts: offset + i, text: `update ${offset + i}` }),
    )
  const before = processCpuMs(pid)
  for (const entry of entries) log.push([entry])
  await writer.durableNow(60_000)
  return ((processCpuMs(pid) - before) * 1000) / ROUND_UPDATES
}

async function main(): Promise<void> {
  const relay = await startRelay()
  const pid = relay.child.pid
  if (pid === undefined) throw new Error('no relay pid')
  try {
    await seedRoom(relay.url, 'bans', 'bans')
    await seedRoom(relay.url, 'plain', 'plain')
    const writers = {
      bans: connectClient(relay.url, 'bans', { durable: true }),
      plain: connectClient(relay.url, 'plain', { durable: true }),
    }
    await Promise.all([writers.bans.synced(), writers.plain.synced()])
    const samples = { bans: [] as number[], plain: [] as number[] }
    const others: number[] = []
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? (['plain', 'bans'] as const) : (['bans', 'plain'] as const)
      for (const room of order) {
        others.push(await waitForQuietMachine(QUIET_WAIT_MS))
        samples[room].push(await round(pid, writers[room], room, r * ROUND_UPDATES))
      }
    }
    writers.bans.destroy()
    writers.plain.destroy()
    const plain = median(samples.plain)
    const bans = median(samples.bans)
    const checks = { bans: [] as number[], plain: [] as number[] }
    for (let r = 0; r < 4; r++)
      for (const kind of ['plain', 'bans'] as const) checks[kind].push(checkCostUs(kind))
    process.stdout.write(
      [
        `Relay CPU per accepted update (median of ${ROUNDS} rounds of ${ROUND_UPDATES} updates, alternating)`,
        `  room with ${BANNED_KEYS} banned keys : ${bans.toFixed(0)} µs`,
        `  room without bans (same size)   : ${plain.toFixed(0)} µs`,
        `  ratio                           : ${(bans / plain).toFixed(2)}`,
        `  rounds (µs) bans  ${samples.bans.map((v) => v.toFixed(0)).join(' ')}`,
        `  rounds (µs) plain ${samples.plain.map((v) => v.toFixed(0)).join(' ')}`,
        `The ban check alone (in-process, per entry, median of 4): ${median(checks.bans).toFixed(2)} µs with ${BANNED_KEYS} banned keys, ${median(checks.plain).toFixed(2)} µs without`,
        `  other CPU on the machine before rounds: median ${median(others).toFixed(0)}% (shared machine)`,
        '',
      ].join('\n'),
    )
  } finally {
    await relay.stop()
  }
}

const timer = setTimeout(() => {
  process.stderr.write('bench:bans took over 10 minutes; stopping\n')
  process.exit(1)
}, 10 * 60_000)
timer.unref()
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
    process.exit(1)
  },
)
