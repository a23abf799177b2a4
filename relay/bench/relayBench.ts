// `npm run bench:relay`: Parley's relay against the reference @y/websocket-server, in one run,
// alternating, on the same data, following /work/shared/BENCHMARKING.md. Prints one table per
// scenario.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import {
  danglingRows,
  FLOOD_CLOCK,
  FLOOD_ENTRY_BYTES,
  FLOOD_MAX_MS,
  FLOOD_UPDATES,
  PROBE_MIN_MS,
  runDangling,
} from './danglingScenario.js'
import { durabilityRows, runDurability } from './durabilityScenario.js'
import { buildSeed } from './entries.js'
import { type FanoutResult, poolResults, runPaced, runSaturated, type SaturatedResult } from './fanout.js'
import {
  INGEST_UPDATES,
  ingestNotes,
  ingestRows,
  runIngest,
  SEED_UPDATES,
  SEED_WINDOW,
} from './ingestScenario.js'
import { joinRows, runJoins } from './joinScenario.js'
import { type MemoryResult, measureMemory } from './memory.js'
import { PRESENCE_MEASURE_MS, PRESENCE_MEMBERS, presenceRows, runPresenceBoth } from './presenceScenario.js'
import {
  createProcessGroup,
  type ProcessGroup,
  type RelayKind,
  type RelayProcess,
  withRelay,
} from './processes.js'
import { latencyRows, loadRows, type Row, renderTable } from './report.js'
import {
  RSS_SAMPLE_MS,
  runSaturatedRoom,
  SATURATED_ROOM,
  SATURATED_ROOM_MS,
  saturatedRoomRows,
} from './saturatedRoom.js'
import { CONTENDED_OTHER_CPU_PERCENT, waitForQuietMachine } from './stats.js'
import { verifyCostRows } from './verifyCost.js'

const IDLE_UNLOAD_MS = 2_000
/** Each paced layout runs Parley, reference, reference, Parley, one round each. */
const PACED_ROUND_MS = 5_000
const PACED_10X10 = { rooms: 10, clientsPerRoom: 10, sendIntervalMs: 250 }
/** 200 members at one send per 4 s is ~10k deliveries/s: paced, not saturating the harness. */
const PACED_1X200 = { rooms: 1, clientsPerRoom: 200, sendIntervalMs: 4_000 }
const SATURATED = { rooms: 10, clientsPerRoom: 10, window: 8, maxSendsPerSecond: 150, warmupMs: 1_000 }
const SATURATED_ROUND_MS = 4_000
const MEMORY_ROOMS = 50
const MEMORY_ROOM_ENTRIES = 1_000
/** How long each round may wait for other work on the machine to calm down. */
const QUIET_WAIT_MS = 10_000
const ORDER_ABBA: RelayKind[] = ['parley', 'reference', 'reference', 'parley']

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

function buildParley(): void {
  try {
    execFileSync('npm', ['run', 'build', '-w', 'protocol', '-w', 'relay'], { cwd: repoRoot, stdio: 'pipe' })
  } catch (error) {
    if (!fs.existsSync(`${repoRoot}relay/dist/main.js`)) throw error
    progress('WARNING: relay build failed; benchmarking the existing relay/dist')
  }
}

async function abba<T extends FanoutResult>(
  group: ProcessGroup,
  name: string,
  run: (relay: RelayProcess, prefix: string) => Promise<T>,
): Promise<{ parley: FanoutResult; reference: FanoutResult; rounds: Map<RelayKind, T[]> }> {
  const rounds = new Map<RelayKind, T[]>([
    ['parley', []],
    ['reference', []],
  ])
  for (const [round, kind] of ORDER_ABBA.entries()) {
    const other = await waitForQuietMachine(QUIET_WAIT_MS)
    progress(`${name}: ${kind} (round ${round + 1}/${ORDER_ABBA.length}; other CPU ${other.toFixed(0)}%)`)
    rounds.get(kind)?.push(await withRelay(group, kind, (relay) => run(relay, `${name}-${round}`)))
  }
  return {
    parley: poolResults(rounds.get('parley') ?? []),
    reference: poolResults(rounds.get('reference') ?? []),
    rounds,
  }
}

async function fanoutRows(group: ProcessGroup): Promise<Row[]> {
  const small = await abba(group, 'fanout10x10', (relay, prefix) =>
    runPaced(relay, prefix, { ...PACED_10X10, durationMs: PACED_ROUND_MS }),
  )
  const large = await abba(group, 'fanout1x200', (relay, prefix) =>
    runPaced(relay, prefix, { ...PACED_1X200, durationMs: PACED_ROUND_MS }),
  )
  const saturated = await abba(group, 'saturated', (relay, prefix) =>
    runSaturated(relay, prefix, { ...SATURATED, durationMs: SATURATED_ROUND_MS }),
  )
  const perSecond = (result: FanoutResult) => (result.delivered * 1000) / result.load.wallMs
  const capped = (rounds: SaturatedResult[] | undefined) =>
    (rounds ?? []).some((round) => round.offeredCapReached) ? 'offered-load cap reached' : 'below offered cap'
  return [
    ...latencyRows('10x10', small.parley, small.reference),
    ...latencyRows('1x200', large.parley, large.reference),
    {
      label: 'saturated 10x10 deliveries/s',
      parley: perSecond(saturated.parley),
      reference: perSecond(saturated.reference),
      better: 'higher',
      note:
        saturated.parley.load.harnessBound || saturated.reference.load.harnessBound ? 'harness-bound' : '',
    },
    ...loadRows('saturated', saturated.parley, saturated.reference),
    {
      label: 'saturated   offered load',
      parley: capped(saturated.rounds.get('parley')),
      reference: capped(saturated.rounds.get('reference')),
      better: null,
    },
  ]
}

async function memoryRows(group: ProcessGroup): Promise<Row[]> {
  const seeds = Array.from({ length: MEMORY_ROOMS }, (_, room) =>
    buildSeed(`memory-${room}`, MEMORY_ROOM_ENTRIES, MEMORY_ROOM_ENTRIES),
  )
  const results = new Map<RelayKind, MemoryResult>()
  for (const kind of ['reference', 'parley'] as const) {
    await waitForQuietMachine(QUIET_WAIT_MS)
    progress(`memory: ${kind}`)
    results.set(kind, await withRelay(group, kind, (relay) => measureMemory(relay, seeds, IDLE_UNLOAD_MS)))
  }
  const p = results.get('parley')
  const r = results.get('reference')
  if (p === undefined || r === undefined) throw new Error('memory results missing')
  return [
    { label: 'RSS idle (MiB)', parley: p.idleMiB, reference: r.idleMiB, better: 'lower' },
    {
      label: `RSS ${MEMORY_ROOMS} rooms x ${MEMORY_ROOM_ENTRIES} entries loaded (MiB)`,
      parley: p.loadedMiB,
      reference: r.loadedMiB,
      better: 'lower',
    },
    { label: 'RSS per loaded room (KiB)', parley: p.perRoomKiB, reference: r.perRoomKiB, better: 'lower' },
    {
      label: 'RSS after all leave + grace (MiB)',
      parley: p.afterLeaveMiB,
      reference: r.afterLeaveMiB,
      better: 'lower',
      note: `parley: ${MEMORY_ROOMS} rooms unloaded after ${Math.round(p.afterLeaveWaitMs)} ms; reference never unloads`,
    },
  ]
}

const SECTIONS = [
  'fanout',
  'join',
  'memory',
  'durability',
  'dangling',
  'presence',
  'saturated-room',
  'ingest',
  'verify',
] as const
type SectionName = (typeof SECTIONS)[number]

/** `--only a,b` runs just those sections (to re-measure one figure); all of them by default. */
function onlySections(argv: readonly string[]): ReadonlySet<string> | null {
  const at = argv.indexOf('--only')
  if (at < 0) return null
  const names = (argv[at + 1] ?? '').split(',').filter((name) => name !== '')
  const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name))
  if (names.length === 0 || unknown.length > 0)
    throw new Error(`--only takes a comma-separated list of: ${SECTIONS.join(', ')}`)
  return new Set(names)
}

async function main(): Promise<void> {
  const only = onlySections(process.argv.slice(2))
  const started = performance.now()
  const loadAtStart = os.loadavg()[0] ?? 0
  progress('building relay')
  buildParley()
  const group = createProcessGroup({
    parleyMain: `${repoRoot}relay/dist/main.js`,
    referenceServer: `${repoRoot}node_modules/@y/websocket-server/src/server.js`,
    idleUnloadMs: IDLE_UNLOAD_MS,
  })
  process.on('exit', () => group.killAll())
  process.on('SIGINT', () => {
    group.killAll()
    process.exit(130)
  })
  try {
    const run = async (name: SectionName, section: () => Promise<string | string[]>) =>
      only === null || only.has(name) ? [await section()].flat() : []
    const sections = [
      ...(await run('fanout', async () => renderTable('fan-out', await fanoutRows(group)))),
      ...(await run('join', async () => {
        await waitForQuietMachine(QUIET_WAIT_MS)
        return renderTable(
          'join (fresh client, socket open -> array complete)',
          joinRows(await runJoins(group, progress)),
        )
      })),
      ...(await run('memory', async () =>
        renderTable('memory (VmRSS of the relay process)', await memoryRows(group)),
      )),
      ...(await run('durability', async () =>
        [
          '== durability (parley only: SIGKILL, restart, count)',
          ...durabilityRows(await runDurability(group, progress)),
        ].join('\n'),
      )),
      ...(await hardeningSections(group, only)),
      ...(await run('verify', async () =>
        renderTable('signature verification (in the bench process, Parley relay code)', verifyCostRows()),
      )),
    ]
    printReport(sections, performance.now() - started, loadAtStart)
  } finally {
    group.killAll()
  }
}

/** The scenarios of the relay's hardening; one that fails is reported, and the others still run. */
async function hardeningSections(group: ProcessGroup, only: ReadonlySet<string> | null): Promise<string[]> {
  const section = async (
    name: SectionName,
    title: string,
    run: () => Promise<{ rows: Row[]; notes?: string[] }>,
  ): Promise<string[]> => {
    if (only !== null && !only.has(name)) return []
    try {
      const { rows, notes = [] } = await run()
      return [[renderTable(title, rows), ...notes].join('\n')]
    } catch (error) {
      return [`== ${title}\nFAILED: ${error instanceof Error ? error.message : String(error)}`]
    }
  }
  const ingestTitle = 'single-writer ingest and a 100k-entry room seeded by one connection'
  return [
    ...(await section(
      'dangling',
      'probe under a dangling-update flood (delivery delay in the probe room)',
      async () => ({
        rows: danglingRows(await runDangling(group, progress)),
      }),
    )),
    ...(await section(
      'presence',
      `presence in an idle room of ${PRESENCE_MEMBERS} (counted over ${PRESENCE_MEASURE_MS / 1000} s)`,
      async () => ({ rows: presenceRows(await runPresenceBoth(group, progress)) }),
    )),
    ...(await section(
      'saturated-room',
      `saturated room of ${SATURATED_ROOM.clientsPerRoom} (relay VmRSS sampled every ${RSS_SAMPLE_MS} ms)`,
      async () => ({ rows: saturatedRoomRows(await runSaturatedRoom(group, progress)) }),
    )),
    ...(await section('ingest', ingestTitle, async () => {
      const figures = await runIngest(group, progress)
      return { rows: ingestRows(figures), notes: ingestNotes(figures) }
    })),
  ]
}

function printReport(sections: string[], elapsedMs: number, loadAtStart: number): void {
  const out = [
    `Parley relay bench  ${new Date().toISOString()}  node ${process.version}  ${os.cpus().length} cores  load avg ${loadAtStart.toFixed(2)} at start, ${os.loadavg()[0]?.toFixed(2)} at end`,
    `parley: relay/dist/main.js (SQLite WAL synchronous=FULL, --idle-unload-ms ${IDLE_UNLOAD_MS})`,
    'reference: @y/websocket-server 0.1.1 in memory (its default: no persistence); cold joins use YPERSISTENCE (y-leveldb)',
    `paced: 10x10 one entry per ${PACED_10X10.sendIntervalMs} ms per client, 1x200 one per ${PACED_1X200.sendIntervalMs} ms; ` +
      `${ORDER_ABBA.length / 2} rounds x ${PACED_ROUND_MS / 1000} s per relay, order ${ORDER_ABBA.join(',')}`,
    `saturated: 10x10, window ${SATURATED.window} per client, at most ${SATURATED.maxSendsPerSecond} sends/s per client`,
    `flood: ${FLOOD_UPDATES} updates of one ${FLOOD_ENTRY_BYTES / 1024} KiB entry, each from an unseen client id at clock ${FLOOD_CLOCK}, ` +
      `on one connection, cut off after ${FLOOD_MAX_MS / 1000} s; probe: one entry per 20 ms, runs >= ${PROBE_MIN_MS / 1000} s; one fresh relay per run`,
    `saturated room: ${SATURATED_ROOM.clientsPerRoom} members, window ${SATURATED_ROOM.window}, no practical rate cap, ${SATURATED_ROOM_MS / 1000} s measured`,
    `ingest: one writer, ${INGEST_UPDATES} single-entry updates bounded only by its socket; seed: ${SEED_UPDATES} the same way ` +
      `(if that fails, again on a fresh relay with at most ${SEED_WINDOW} ahead of a peer's receipt), ` +
      'then SIGTERM, restart on the same data, one fresh join',
    'harness-bound: harness CPU >= 80% of a core or its event-loop delay p99 >= 20 ms; ' +
      `CONTENDED: other processes used >= ${CONTENDED_OTHER_CPU_PERCENT}% of a core during the run`,
    '',
    sections.join('\n\n'),
    '',
    `bench took ${(elapsedMs / 1000).toFixed(0)} s`,
  ]
  process.stdout.write(`${out.join('\n')}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exitCode = 1
})
