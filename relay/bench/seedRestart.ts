// Seeding a room through one pipelined writer on a fresh relay, then restarting the relay on the
// same data and timing one fresh client's join. Every wait is bounded; a relay that crashes or
// never answers is reported as such.
import { type IngestResult, ingest, type WriterLog } from './ingest.js'
import { type JoinResult, joinRoom, waitForLeveldbSettled } from './join.js'
import type { ProcessGroup, RelayKind, RelayProcess, RelaySpec } from './processes.js'
import { processRssMiB, waitFor } from './stats.js'

/** At 2,000 updates/s a 100k seed takes 50 s; six times that is a relay that will not finish. */
const SEED_TIMEOUT_MS = 300_000
/** A client closed by a dying relay sees the close before the process's exit is reported. */
const EXIT_NOTICE_MS = 2_000

export interface SeedRun {
  spec: RelaySpec
  /** Entries the writer may have ahead of the peer's receipt (Infinity: the socket alone). */
  window: number
  seed: IngestResult
  /** ms from the peer having every entry until y-leveldb stopped writing (reference), or why not. */
  settled: number | string | null
}

export interface ColdJoin {
  /** The join, or a short word for what went wrong. */
  cold: JoinResult | string
  /** What went wrong in full (a crashed relay's stderr), for the lines under the table. */
  coldDetail: string | null
}

/** Seeds the log's room on a fresh relay of `kind`, waits for its data to be on disk, stops it. */
export async function seedFresh(
  group: ProcessGroup,
  kind: RelayKind,
  log: WriterLog,
  window: number,
): Promise<SeedRun> {
  const spec: RelaySpec = { kind, dataDir: group.tempDir(kind) }
  const relay = await group.start(spec)
  try {
    const seed = await ingest(relay, {
      log,
      durable: kind === 'parley',
      window,
      timeoutMs: SEED_TIMEOUT_MS,
    })
    const settled = kind === 'referencePersist' && seed.problem === null ? await leveldbSettled(spec) : null
    return { spec, window, seed, settled }
  } finally {
    await relay.stop('SIGTERM')
  }
}

async function leveldbSettled(spec: RelaySpec): Promise<number | string> {
  const started = performance.now()
  try {
    await waitForLeveldbSettled(spec.dataDir)
    return performance.now() - started
  } catch (error) {
    return `never settled: ${error instanceof Error ? error.message : String(error)}`
  }
}

/** A fresh client's join after a restart, or what went wrong (a crash is reported as such). */
export async function coldJoin(
  group: ProcessGroup,
  spec: RelaySpec,
  room: string,
  entries: number,
): Promise<ColdJoin> {
  let relay: RelayProcess
  try {
    relay = await group.start(spec)
  } catch (error) {
    return { cold: 'DID NOT RESTART', coldDetail: error instanceof Error ? error.message : String(error) }
  }
  try {
    return { cold: await joinRoom(relay, room, entries), coldDetail: null }
  } catch (error) {
    await waitFor('the relay to exit', () => relay.exitStatus() !== null, EXIT_NOTICE_MS).catch(() => {})
    const exit = relay.exitStatus()
    const message = error instanceof Error ? error.message : String(error)
    if (exit !== null) return { cold: `CRASHED (${exit.slice(0, exit.indexOf(':'))})`, coldDetail: exit }
    // Still running: say how big it had grown, which tells a slow load from a doomed one.
    const rss = `relay still running at ${processRssMiB(relay.pid).toFixed(0)} MiB RSS`
    const cell = message.includes('timed out') ? 'TIMED OUT' : 'FAILED'
    return { cold: `${cell} (${rss})`, coldDetail: `${message}; ${rss}` }
  } finally {
    await relay.stop('SIGTERM').catch(() => {})
  }
}
