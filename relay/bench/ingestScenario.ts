// Single-writer ingest, then a 100k-entry room seeded that way, the relay restarted on its data and
// a fresh client joining it. Parley restarts on its SQLite data dir; the reference can only restart
// with its data under YPERSISTENCE (y-leveldb), so its seed and cold join run in that mode.
import { buildWriterLog, type IngestResult, ingest, type WriterLog } from './ingest.js'
import type { JoinResult } from './join.js'
import { type ProcessGroup, type RelayKind, withRelay } from './processes.js'
import { harnessCell, type Row } from './report.js'
import { type ColdJoin, coldJoin, type SeedRun, seedFresh } from './seedRestart.js'
import { waitForQuietMachine } from './stats.js'

export const INGEST_UPDATES = 20_000
export const SEED_UPDATES = 100_000
const INGEST_TIMEOUT_MS = 120_000
const TARGET_UPDATES_PER_SECOND = 2_000
const TARGET_SEED_S = 60
/** "About a minute": within this factor of it. */
const ABOUT = 1.1
const QUIET_WAIT_MS = 10_000
const SEED_ROOM = 'seed-100k'
const INGEST_WRITER_CLIENT = 600_001
const SEED_WRITER_CLIENT = 600_002
/**
 * Entries the seeding writer may have sent ahead of the peer's receipt, for a second try when the
 * socket alone let it run so far ahead that the relay dropped it (Parley's 30 s keepalive: its pong
 * waits behind data the relay has not read): a few seconds' worth.
 */
export const SEED_WINDOW = 4_096

export interface IngestFigures {
  ingest: IngestResult
  /** The seed bounded by the socket alone. */
  socketSeed: SeedRun
  /** The seed the restart used: the socket-only one, or the windowed retry if that one failed. */
  seed: SeedRun
  cold: ColdJoin
}

type Progress = (message: string) => void

interface Logs {
  ingest: WriterLog
  seed: WriterLog
}

export async function runIngest(group: ProcessGroup, progress: Progress) {
  progress(`ingest: signing ${INGEST_UPDATES} + ${SEED_UPDATES} entries`)
  const logs: Logs = {
    ingest: buildWriterLog('ingest', INGEST_WRITER_CLIENT, INGEST_UPDATES),
    seed: buildWriterLog(SEED_ROOM, SEED_WRITER_CLIENT, SEED_UPDATES),
  }
  const parley = await measureKind(group, progress, logs, 'parley', 'parley')
  const reference = await measureKind(group, progress, logs, 'reference', 'referencePersist')
  return { parley, reference }
}

async function measureKind(
  group: ProcessGroup,
  progress: Progress,
  logs: Logs,
  kind: RelayKind,
  seedKind: RelayKind,
) {
  await waitForQuietMachine(QUIET_WAIT_MS)
  progress(`ingest: ${kind}, ${INGEST_UPDATES} single-entry updates from one writer`)
  const ingestRun = await withRelay(group, kind, (relay) =>
    ingest(relay, {
      log: logs.ingest,
      durable: kind === 'parley',
      window: Number.POSITIVE_INFINITY,
      timeoutMs: INGEST_TIMEOUT_MS,
    }),
  )
  await waitForQuietMachine(QUIET_WAIT_MS)
  progress(`ingest: ${seedKind}, seeding ${SEED_UPDATES} entries the same way`)
  const socketSeed = await seedFresh(group, seedKind, logs.seed, Number.POSITIVE_INFINITY)
  let seed = socketSeed
  if (socketSeed.seed.problem !== null) {
    progress(`ingest: ${seedKind}, the seed failed: ${socketSeed.seed.problem}`)
    await waitForQuietMachine(QUIET_WAIT_MS)
    progress(`ingest: ${seedKind}, seeding again, at most ${SEED_WINDOW} entries ahead of a peer`)
    seed = await seedFresh(group, seedKind, logs.seed, SEED_WINDOW)
  }
  progress(`ingest: ${seedKind}, restarted, joining the ${SEED_UPDATES}-entry room`)
  const cold =
    seed.seed.problem === null
      ? await coldJoin(group, seed.spec, SEED_ROOM, SEED_UPDATES)
      : { cold: 'not measured', coldDetail: `the seed failed: ${seed.seed.problem}` }
  return { ingest: ingestRun, socketSeed, seed, cold } satisfies IngestFigures
}

/** Lines under the table: what went wrong, in full. */
export function ingestNotes(figures: { parley: IngestFigures; reference: IngestFigures }): string[] {
  const notes: string[] = []
  for (const [kind, f] of Object.entries(figures)) {
    if (f.cold.coldDetail !== null) notes.push(`${kind} cold join: ${f.cold.coldDetail}`)
  }
  return notes
}

export function ingestRows(figures: { parley: IngestFigures; reference: IngestFigures }): Row[] {
  const { parley: p, reference: r } = figures
  const rate = (run: IngestResult, ms: number | null) =>
    run.problem !== null || ms === null ? failure(run) : (run.count * 1000) / ms
  const pRate = rate(p.ingest, p.ingest.durableMs)
  const met = typeof pRate === 'number' && pRate >= TARGET_UPDATES_PER_SECOND ? 'met' : 'MISSED'
  const cpu = (run: IngestResult) => (run.load.relayCpuMs * 1000) / Math.max(1, run.received)
  return [
    {
      label: `ingest ${INGEST_UPDATES / 1000}k: updates/s, durably acknowledged`,
      parley: pRate,
      reference: NO_ACK,
      better: 'higher',
      note: `target parley >= ${TARGET_UPDATES_PER_SECOND}: ${met}`,
    },
    {
      label: `ingest ${INGEST_UPDATES / 1000}k: updates/s, a peer has all`,
      parley: rate(p.ingest, p.ingest.forwardedMs),
      reference: rate(r.ingest, r.ingest.forwardedMs),
      better: 'higher',
      note: 'reference in memory',
    },
    {
      label: '  relay CPU per update (us)',
      parley: cpu(p.ingest),
      reference: cpu(r.ingest),
      better: 'lower',
    },
    {
      label: '  relay CPU (% of a core)',
      parley: p.ingest.load.relayCpuPercent,
      reference: r.ingest.load.relayCpuPercent,
      better: null,
    },
    {
      label: '  harness CPU / loop p99 ms / other CPU',
      parley: harnessCell(p.ingest.load),
      reference: harnessCell(r.ingest.load),
      better: null,
    },
    ...seedRows(p, r),
    ...coldRows(p, r),
  ]
}

const NO_ACK = 'n/a: no acknowledgement'
const K = `${SEED_UPDATES / 1000}k`

function seedRows(p: IngestFigures, r: IngestFigures): Row[] {
  const seconds = (run: IngestResult, ms: number | null) =>
    run.problem !== null || ms === null ? failure(run) : ms / 1000
  const durableS = seconds(p.seed.seed, p.seed.seed.durableMs)
  const met = typeof durableS === 'number' && durableS <= TARGET_SEED_S * ABOUT ? 'met' : 'MISSED'
  const retried = p.seed !== p.socketSeed || r.seed !== r.socketSeed
  const rows: Row[] = [
    {
      label: `seed ${K}, socket only: s until durable`,
      parley: seconds(p.socketSeed.seed, p.socketSeed.seed.durableMs),
      reference: NO_ACK,
      better: 'lower',
    },
    {
      label: `seed ${K}, socket only: s until a peer has all`,
      parley: seconds(p.socketSeed.seed, p.socketSeed.seed.forwardedMs),
      reference: seconds(r.socketSeed.seed, r.socketSeed.seed.forwardedMs),
      better: 'lower',
      note: 'reference with YPERSISTENCE',
    },
  ]
  if (retried) {
    const retry = (f: IngestFigures, ms: (run: IngestResult) => number | null) =>
      f.seed === f.socketSeed ? 'not needed' : seconds(f.seed.seed, ms(f.seed.seed))
    rows.push(
      {
        label: `seed ${K}, window ${SEED_WINDOW}: s until durable`,
        parley: retry(p, (run) => run.durableMs),
        reference: NO_ACK,
        better: 'lower',
      },
      {
        label: `seed ${K}, window ${SEED_WINDOW}: s until a peer has all`,
        parley: retry(p, (run) => run.forwardedMs),
        reference: retry(r, (run) => run.forwardedMs),
        better: 'lower',
      },
    )
  }
  rows.push(
    {
      label: `seed ${K}: target about ${TARGET_SEED_S} s until durable`,
      parley: met,
      reference: '',
      better: null,
      note: retried ? 'judged on the seed the restart used' : '',
    },
    {
      label: '  relay CPU (% of a core), seed used',
      parley: p.seed.seed.load.relayCpuPercent,
      reference: r.seed.seed.load.relayCpuPercent,
      better: null,
    },
    {
      label: '  y-leveldb settled after (ms)',
      parley: 'n/a',
      reference: r.seed.settled ?? 'n/a',
      better: null,
    },
  )
  return rows
}

function coldRows(p: IngestFigures, r: IngestFigures): Row[] {
  const cell = (f: IngestFigures, pick: (join: JoinResult) => number) =>
    typeof f.cold.cold === 'string' ? f.cold.cold : pick(f.cold.cold)
  return [
    {
      label: `cold ${K} single-writer room: join after restart (ms)`,
      parley: cell(p, (join) => join.ms),
      reference: cell(r, (join) => join.ms),
      better: 'lower',
    },
    {
      label: '  bytes received',
      parley: cell(p, (join) => join.bytes),
      reference: cell(r, (join) => join.bytes),
      better: 'lower',
    },
  ]
}

/** A run that did not finish: why, when, and how far it got. */
function failure(run: IngestResult): string {
  const progress = run.durable > 0 ? `${run.durable} durable` : `${run.received} at the peer`
  return `FAILED after ${(run.endedMs / 1000).toFixed(0)} s, ${progress}: ${run.problem ?? 'no acknowledgement'}`
}
