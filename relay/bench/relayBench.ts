// `npm run bench:relay`: Parley's relay against the reference @y/websocket-server, in one run,
// alternating, on the same data, following /work/shared/BENCHMARKING.md. Prints one table.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { durabilityRows, runDurability } from './durabilityScenario.js'
import { buildSeed } from './entries.js'
import { type FanoutResult, poolResults, runPaced, runSaturated, type SaturatedResult } from './fanout.js'
import { joinRows, runJoins } from './joinScenario.js'
import { type MemoryResult, measureMemory } from './memory.js'
import { createProcessGroup, type ProcessGroup, type RelayKind, type RelayProcess } from './processes.js'
import { latencyRows, loadRows, type Row, renderTable } from './report.js'
import { CONTENDED_OTHER_CPU_PERCENT, waitForQuietMachine } from './stats.js'

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

/** Starts a fresh relay of `kind` on a fresh data dir, runs `body`, and stops it. */
async function withRelay<T>(group: ProcessGroup, kind: RelayKind, body: (relay: RelayProcess) => Promise<T>) {
  const relay = await group.start({ kind, dataDir: group.tempDir(kind) })
  try {
    return await body(relay)
  } finally {
    await relay.stop('SIGTERM')
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
  const seed = buildSeed(MEMORY_ROOM_ENTRIES, MEMORY_ROOM_ENTRIES)
  const results = new Map<RelayKind, MemoryResult>()
  for (const kind of ['reference', 'parley'] as const) {
    await waitForQuietMachine(QUIET_WAIT_MS)
    progress(`memory: ${kind}`)
    results.set(
      kind,
      await withRelay(group, kind, (relay) => measureMemory(relay, MEMORY_ROOMS, seed, IDLE_UNLOAD_MS)),
    )
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

async function main(): Promise<void> {
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
    const fanout = await fanoutRows(group)
    await waitForQuietMachine(QUIET_WAIT_MS)
    const joins = await runJoins(group, progress)
    const memory = await memoryRows(group)
    const durability = await runDurability(group, progress)
    const elapsedMs = performance.now() - started
    printReport(fanout, joinRows(joins), memory, durabilityRows(durability), elapsedMs, loadAtStart)
  } finally {
    group.killAll()
  }
}

function printReport(
  fanout: Row[],
  joins: Row[],
  memory: Row[],
  durability: string[],
  elapsedMs: number,
  loadAtStart: number,
): void {
  const out = [
    `Parley relay bench  ${new Date().toISOString()}  node ${process.version}  ${os.cpus().length} cores  load avg ${loadAtStart.toFixed(2)} at start, ${os.loadavg()[0]?.toFixed(2)} at end`,
    `parley: relay/dist/main.js (SQLite WAL synchronous=FULL, --idle-unload-ms ${IDLE_UNLOAD_MS})`,
    'reference: @y/websocket-server 0.1.1 in memory (its default: no persistence); cold joins use YPERSISTENCE (y-leveldb)',
    `paced: 10x10 one entry per ${PACED_10X10.sendIntervalMs} ms per client, 1x200 one per ${PACED_1X200.sendIntervalMs} ms; ` +
      `${ORDER_ABBA.length / 2} rounds x ${PACED_ROUND_MS / 1000} s per relay, order ${ORDER_ABBA.join(',')}`,
    `saturated: 10x10, window ${SATURATED.window} per client, at most ${SATURATED.maxSendsPerSecond} sends/s per client`,
    'harness-bound: harness CPU >= 80% of a core or its event-loop delay p99 >= 20 ms; ' +
      `CONTENDED: other processes used >= ${CONTENDED_OTHER_CPU_PERCENT}% of a core during the run`,
    '',
    renderTable('fan-out', fanout),
    '',
    renderTable('join (fresh client, socket open -> array complete)', joins),
    '',
    renderTable('memory (VmRSS of the relay process)', memory),
    '',
    '== durability (parley only: SIGKILL, restart, count)',
    ...durability,
    '',
    `bench took ${(elapsedMs / 1000).toFixed(0)} s`,
  ]
  process.stdout.write(`${out.join('\n')}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exitCode = 1
})
