// `npm run bench:cluster`: fan-out over 1,000 light clients in 50 rooms with one relay on its
// embedded store, one relay in cluster mode and three relays in cluster mode (PostgreSQL + Redis,
// the machine's shared servers, in a schema and channel prefix of the run's own), in one run; then
// a fresh client joining a 10k-entry room through a relay that has never loaded it. Prints tables.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { type ClusterFanout, runClusterFanout } from './clusterFanout.js'
import { joinRoom } from './join.js'
import { openLightClient } from './lightClient.js'
import { createProcessGroup, type ProcessGroup, type RelayProcess } from './processes.js'
import { formatNumber } from './report.js'
import { buildSignedSeed } from './signedMembers.js'
import { waitForQuietMachine, withTimeout } from './stats.js'

const LAYOUT = { rooms: 50, clientsPerRoom: 20 }
/** ~250 entries/s offered, ~4,750 deliveries/s: paced, for latency. */
const PACED = { sendIntervalMs: 4_000, durationMs: 8_000 }
/** ~1,000 entries/s offered, ~19,000 deliveries/s: for throughput (expect the harness to bind). */
const LOADED = { sendIntervalMs: 1_000, durationMs: 5_000 }
const JOIN_ENTRIES = 10_000
const SEED_CHUNK_ENTRIES = 100
const SEED_TIMEOUT_MS = 60_000
const QUIET_WAIT_MS = 10_000
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

function progress(message: string): void {
  process.stderr.write(`[bench:cluster ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

interface Setup {
  name: string
  relays: number
  cluster: boolean
}

const SETUPS: Setup[] = [
  { name: 'embedded, 1 relay', relays: 1, cluster: false },
  { name: 'cluster, 1 relay', relays: 1, cluster: true },
  { name: 'cluster, 3 relays', relays: 3, cluster: true },
]

async function startRelays(group: ProcessGroup, setup: Setup, schema: string, prefix: string) {
  // Every client of the harness comes from 127.0.0.1.
  const base = ['--max-connections-per-address', '10000']
  const cluster = setup.cluster
    ? [
        '--postgres-url',
        POSTGRES_URL,
        '--postgres-schema',
        schema,
        '--redis-url',
        REDIS_URL,
        '--redis-prefix',
        prefix,
      ]
    : []
  const relays: RelayProcess[] = []
  for (let i = 0; i < setup.relays; i++) {
    relays.push(
      await group.start({ kind: 'parley', dataDir: group.tempDir('relay'), args: [...base, ...cluster] }),
    )
  }
  return relays
}

/** Seeds a room through `relay` and waits until the relay says all of it is stored. */
async function seedDurably(relay: RelayProcess, room: string, seed: ReturnType<typeof buildSignedSeed>) {
  let stored = () => {}
  const done = new Promise<void>((resolve) => {
    stored = resolve
  })
  const holder = await openLightClient(relay.url(room), {
    onDurable: (state) => {
      for (const [client, clock] of seed.state) if ((state.get(client) ?? 0) < clock) return
      stored()
    },
  })
  holder.subscribeDurable()
  const started = performance.now()
  for (const chunk of seed.chunks) holder.sendUpdate(chunk)
  holder.sendSyncStep1(seed.stateVector)
  await withTimeout(`seed of ${room}`, done, SEED_TIMEOUT_MS)
  const ms = performance.now() - started
  await holder.close()
  return ms
}

interface Figures {
  setup: Setup
  paced: ClusterFanout
  loaded: ClusterFanout
  otherCpuAtStart: number
  /** What the relays' metrics say about the runs: refusals, repairs, bus reconnects. */
  relayCounters: string
}

const COUNTERS = [
  /^parley_updates_rejected_total\{reason="(\w+)"\} (\d+)/,
  /^parley_cluster_repairs_total\{reason="(\w+)"\} (\d+)/,
  /^parley_cluster_bus_(reconnects)_total (\d+)/,
]

/** Refusals, repairs and reconnects summed over the relays, e.g. "refused unavailable 12, repairs gap 3". */
async function relayCounters(relays: readonly RelayProcess[]): Promise<string> {
  const totals = new Map<string, number>()
  for (const relay of relays) {
    const text = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text()
    for (const line of text.split('\n')) {
      COUNTERS.forEach((pattern, i) => {
        const match = pattern.exec(line)
        if (match === null || Number(match[2]) === 0) return
        const key = `${['refused', 'repairs', 'bus'][i]} ${match[1]}`
        totals.set(key, (totals.get(key) ?? 0) + Number(match[2]))
      })
    }
  }
  return [...totals].map(([key, n]) => `${key} ${n}`).join(', ')
}

async function main(): Promise<void> {
  progress('building the relay')
  execFileSync('npm', ['run', 'build', '-w', 'protocol', '-w', 'relay'], { cwd: repoRoot, stdio: 'pipe' })
  const group = createProcessGroup({
    parleyMain: `${repoRoot}relay/dist/main.js`,
    referenceServer: '',
    idleUnloadMs: 30_000,
  })
  const killAll = () => group.killAll()
  process.once('exit', killAll)
  process.once('SIGINT', () => process.exit(130))
  const schema = `parley_bench_${randomBytes(4).toString('hex')}`
  const prefix = `parley-bench-${randomBytes(4).toString('hex')}:`
  const started = performance.now()
  const figures: Figures[] = []
  let join: { cold: number; coldBytes: number; hot: number; seedMs: number } | null = null
  try {
    for (const setup of SETUPS) {
      const relays = await startRelays(group, setup, schema, prefix)
      const otherCpuAtStart = await waitForQuietMachine(QUIET_WAIT_MS)
      progress(`${setup.name}: paced fan-out`)
      const paced = await runClusterFanout(relays, `paced-${setup.relays}-${setup.cluster}`, LAYOUT, PACED)
      progress(`${setup.name}: loaded fan-out`)
      const loaded = await runClusterFanout(relays, `loaded-${setup.relays}-${setup.cluster}`, LAYOUT, LOADED)
      figures.push({ setup, paced, loaded, otherCpuAtStart, relayCounters: await relayCounters(relays) })
      if (setup.cluster && setup.relays === 3) {
        progress(`seeding a ${JOIN_ENTRIES}-entry room through relay 1`)
        const room = 'join-10k'
        const seed = buildSignedSeed(room, JOIN_ENTRIES, SEED_CHUNK_ENTRIES)
        const seedMs = await seedDurably(relays[0] as RelayProcess, room, seed)
        progress('joining it through relay 3, which never loaded it, then through relay 1 (hot)')
        const cold = await joinRoom(relays[2] as RelayProcess, room, JOIN_ENTRIES)
        const hot = await joinRoom(relays[0] as RelayProcess, room, JOIN_ENTRIES)
        join = { cold: cold.ms, coldBytes: cold.bytes, hot: hot.ms, seedMs }
      }
      for (const relay of relays) await relay.stop('SIGTERM')
    }
  } finally {
    group.killAll()
    const client = new pg.Client({ connectionString: POSTGRES_URL })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await client.end()
  }
  printReport(figures, join, performance.now() - started)
}

function printReport(
  figures: readonly Figures[],
  join: { cold: number; coldBytes: number; hot: number; seedMs: number } | null,
  elapsedMs: number,
): void {
  const rows: string[][] = [
    [
      'setup',
      'p50 ms',
      'p99 ms',
      'deliv/s',
      'relay µs/deliv',
      'loaded deliv/s',
      'relay µs/deliv',
      'delivered',
      'harness CPU%',
      'other CPU%',
      'note',
    ],
  ]
  for (const { setup, paced, loaded, otherCpuAtStart, relayCounters } of figures) {
    const notes = [
      paced.load.harnessBound ? 'paced harness-bound' : '',
      loaded.load.harnessBound ? 'loaded harness-bound' : '',
      paced.delivered < paced.expected || loaded.delivered < loaded.expected ? 'UNDELIVERED' : '',
      relayCounters,
      ...[...paced.closes, ...loaded.closes].map((close) => `closed ${close}`),
    ].filter((note) => note !== '')
    rows.push([
      setup.name,
      formatNumber(paced.p50Ms),
      formatNumber(paced.p99Ms),
      formatNumber(paced.deliveriesPerSecond),
      formatNumber(paced.relayCpuUsPerDelivery),
      formatNumber(loaded.deliveriesPerSecond),
      formatNumber(loaded.relayCpuUsPerDelivery),
      `${formatNumber((100 * (paced.delivered + loaded.delivered)) / (paced.expected + loaded.expected))}%`,
      `${formatNumber(paced.load.harnessCpuPercent)}/${formatNumber(loaded.load.harnessCpuPercent)}`,
      `${formatNumber(otherCpuAtStart)}/${formatNumber(Math.max(paced.load.otherCpuPercent, loaded.load.otherCpuPercent))}`,
      notes.join(', '),
    ])
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? []
  const line = (row: string[]) =>
    row
      .map((cell, i) =>
        i === 0 || i === row.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd()
  const single = figures.find((f) => f.setup.cluster && f.setup.relays === 1)
  const three = figures.find((f) => f.setup.cluster && f.setup.relays === 3)
  const out = [
    `== fan-out: ${LAYOUT.rooms * LAYOUT.clientsPerRoom} light clients in ${LAYOUT.rooms} rooms of ${LAYOUT.clientsPerRoom}, spread round-robin over the relays`,
    `paced: one signed entry per client every ${PACED.sendIntervalMs / 1000} s for ${PACED.durationMs / 1000} s; loaded: every ${LOADED.sendIntervalMs / 1000} s for ${LOADED.durationMs / 1000} s`,
    'relay µs/deliv: CPU of all relays together per delivery; harness CPU%: paced/loaded; other CPU%: other processes at start/worst run',
    ...rows.map(line),
  ]
  if (single !== undefined && three !== undefined) {
    out.push(
      '',
      `3 relays vs 1 (cluster): p99 ${formatNumber(three.paced.p99Ms / single.paced.p99Ms)}x, loaded deliveries/s ${formatNumber(three.loaded.deliveriesPerSecond / single.loaded.deliveriesPerSecond)}x`,
    )
  }
  if (join !== null) {
    out.push(
      '',
      `== join: a fresh client, ${JOIN_ENTRIES} signed entries (seeded through relay 1 in ${formatNumber(join.seedMs)} ms, stored)`,
      `through relay 3, which never loaded the room (read from PostgreSQL): ${formatNumber(join.cold)} ms, ${formatNumber(join.coldBytes / 1024)} KiB`,
      `through relay 1, which holds it in memory:                       ${formatNumber(join.hot)} ms`,
    )
  }
  out.push(
    '',
    `took ${formatNumber(elapsedMs / 1000)} s; 2 cores shared with the harness (and with other work on this machine)`,
  )
  process.stdout.write(`${out.join('\n')}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:cluster failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
