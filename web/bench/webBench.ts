// `npm run bench:web`: opens seeded rooms of 10k and 100k entries in headless Chromium and prints
// how long the newest messages take to show (from IndexedDB with the relay down, and on a fresh
// device from the relay), the JS heap after load, and the time to append one message.
//
// Flags: --runs N (default 5), --sizes 10000,100000, --no-build (use the existing web/dist).
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import { parseArgs } from 'node:util'
import type { Browser } from 'playwright-core'
import { launchBrowser, makeDataDir, type RelayProcess, startRelay } from '../e2e/harness'
import { appendRuns, freshDeviceLoads, indexedDbLoads, type LoadSample, warmDevice } from './scenarios'
import { type SeededRoom, seedRoom } from './seedRoom'
import { formatMiB, formatMs, printTable, summarize, verdict } from './stats'

/** Whole-run bound: a hung browser or relay must not keep the script alive. */
const BENCH_TIMEOUT_MS = 30 * 60_000
const SEED = 20_240_601
/** Targets from issue 3, newest messages visible from IndexedDB, by room size. */
const TARGET_MS: Record<number, number> = { 10000: 300, 100000: 1_000 }

interface RoomResults {
  room: SeededRoom
  fresh: LoadSample[]
  indexedDb: LoadSample[]
}

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      sizes: { type: 'string', default: '10000,100000' },
      'no-build': { type: 'boolean', default: false },
    },
  })
  const runs = Number(values.runs)
  const sizes = values.sizes.split(',').map(Number)
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error('--runs must be 1..50')
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 200_000)) throw new Error('--sizes: 1..200000')
  return { runs, sizes, build: !values['no-build'] }
}

function log(line: string): void {
  process.stderr.write(`[bench:web ${new Date().toISOString().slice(11, 19)}] ${line}\n`)
}

function printConditions(browser: Browser, runs: number): void {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  process.stdout.write('\nParley web bench\n')
  printTable([
    [
      'machine',
      `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
    ],
    [
      'runtime',
      `Node ${process.version}, Chromium ${browser.version()} headless (--disable-gpu), viewport 1100x800`,
    ],
    [
      'setup',
      'relay is a separate process on 127.0.0.1 (same 2 cores); each figure is median (min–max) of n runs',
    ],
    [
      'runs',
      `${runs} per figure; "painted" = first frame after the newest entry is laid out in the viewport`,
    ],
  ])
}

/** A mark's summary over the runs that have it. */
function formatMark(marks: ReadonlyArray<number | null>): string {
  const present = marks.filter((ms): ms is number => ms !== null)
  return present.length === 0 ? `never marked (n=${marks.length})` : formatMs(summarize(present))
}

function printRoom(result: RoomResults): void {
  const { room, fresh, indexedDb } = result
  const target = TARGET_MS[room.entryCount]
  const idbVisible = summarize(indexedDb.map((s) => s.timing.paintedMs))
  process.stdout.write(
    `\n${room.entryCount.toLocaleString('en')} entries (${(room.updateBytes / 2 ** 20).toFixed(1)} MiB as one Yjs update)\n`,
  )
  printTable([
    [
      'IndexedDB, relay down: newest visible (painted)',
      `${formatMs(idbVisible)}${target ? `  ${verdict(idbVisible, target)}` : ''}`,
    ],
    [
      'IndexedDB, relay down: newest in viewport (DOM)',
      formatMs(summarize(indexedDb.map((s) => s.timing.inViewportMs))),
    ],
    ['IndexedDB: app starts opening the room (app mark)', formatMark(indexedDb.map((s) => s.roomOpeningMs))],
    ['IndexedDB: view cache read (app mark)', formatMark(indexedDb.map((s) => s.viewCacheReadMs))],
    ['IndexedDB: cached preview folded (app mark)', formatMark(indexedDb.map((s) => s.previewReadyMs))],
    [
      'IndexedDB: full history in the doc (app mark)',
      formatMs(summarize(indexedDb.map((s) => s.historyLoadedMs ?? Number.NaN))),
    ],
    [
      'IndexedDB: newest painted before the full history',
      `${indexedDb.filter((s) => s.historyLoadedMs !== null && s.timing.paintedMs < s.historyLoadedMs).length} of ${indexedDb.length} runs (from the view cache)`,
    ],
    ['IndexedDB: JS heap after load (after GC)', formatMiB(summarize(indexedDb.map((s) => s.heapBytes)))],
    [
      'fresh device, relay only: newest visible (painted)',
      formatMs(summarize(fresh.map((s) => s.timing.paintedMs))),
    ],
    [
      'fresh device, relay only: newest in viewport (DOM)',
      formatMs(summarize(fresh.map((s) => s.timing.inViewportMs))),
    ],
    ['fresh device: JS heap after load (after GC)', formatMiB(summarize(fresh.map((s) => s.heapBytes)))],
  ])
}

async function run(): Promise<void> {
  const { runs, sizes, build } = options()
  if (build) {
    log('building web/dist (npm run build -w web)')
    execFileSync('npm', ['run', 'build', '-w', 'web'], { stdio: ['ignore', 'ignore', 'inherit'] })
  }
  const cpuAtStart = process.cpuUsage()
  const started = performance.now()
  const dataDir = makeDataDir()
  let relay: RelayProcess | null = null
  let browser: Browser | null = null
  try {
    relay = await startRelay({ dataDir })
    const port = relay.port
    browser = await launchBrowser()
    const results: RoomResults[] = []
    for (const size of sizes) {
      log(`seeding ${size} entries`)
      const room = await seedRoom(relay.url, size, SEED + size)
      log(`fresh-device loads of ${size}`)
      results.push({ room, fresh: await freshDeviceLoads(browser, port, room, runs), indexedDb: [] })
    }
    log('warming one device per room (IndexedDB + service worker)')
    const devices = []
    for (const result of results) devices.push(await warmDevice(browser, port, result.room))
    await relay.stop()
    relay = null
    for (const [i, result] of results.entries()) {
      const device = devices[i]
      if (!device) continue
      log(`IndexedDB loads of ${result.room.entryCount} with the relay down`)
      result.indexedDb = await indexedDbLoads(device, port, result.room, runs)
    }
    relay = await startRelay({ dataDir, port })
    const largest = results[results.length - 1]
    const largestDevice = devices[devices.length - 1]
    let appended: ReturnType<typeof summarize> | null = null
    if (largest && largestDevice) {
      log(`appending ${runs} messages at ${largest.room.entryCount}`)
      const samples = await appendRuns(largestDevice, port, largest.room, runs)
      appended = summarize(samples.map((s) => s.paintedMs))
    }
    printConditions(browser, runs)
    for (const result of results) printRoom(result)
    if (largest && appended) {
      process.stdout.write(`\nAppend at ${largest.room.entryCount.toLocaleString('en')} entries (relay up)\n`)
      printTable([['Enter to new message painted', formatMs(appended)]])
    }
    const cpu = process.cpuUsage(cpuAtStart)
    process.stdout.write(
      `\nharness (Node) CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s over ${((performance.now() - started) / 1000).toFixed(0)} s wall (includes seeding)\n`,
    )
  } finally {
    await browser?.close().catch(() => {})
    await relay?.kill().catch(() => {})
  }
}

const deadline = setTimeout(() => {
  log(`gave up after ${BENCH_TIMEOUT_MS / 60_000} min`)
  process.exit(2)
}, BENCH_TIMEOUT_MS)
deadline.unref()

run().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exit(1)
  },
)
