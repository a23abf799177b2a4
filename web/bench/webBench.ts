// `npm run bench:web`: opens seeded rooms of 10k and 100k signed entries in headless Chromium and
// prints how long the newest messages take to show (from IndexedDB with the relay down, and on a
// fresh device from the relay), when the whole history is verified (with and without this device's
// record of what it verified before), what one signature check costs, the JS heap after load, the
// time to append one message, and the time to switch to another room of the same size from the
// sidebar (switching.ts).
//
// Flags: --runs N (default 5), --sizes 10000,100000, --no-build (use the existing web/dist),
// --no-switch (skip switching rooms, e.g. to measure a build from before the sidebar),
// --only-unread (only opening a room at its first unread message, unreadOpen.ts).
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import { parseArgs } from 'node:util'
import type { Browser } from 'playwright-core'
import { launchBrowser, makeDataDir, type RelayProcess, startRelay } from '../e2e/harness'
import { printRoom, printVerifyCost, type RoomResults } from './roomReport'
import { appendRuns, freshDeviceLoads, indexedDbLoads, warmDevice, warmRoom } from './scenarios'
import { type SeededRoom, seedRoom } from './seedRoom'
import { formatMs, printTable, summarize, verdict } from './stats'
import { type SwitchSamples, switchRuns } from './switching'
import { type UnreadOpenResult, unreadOpenRuns } from './unreadOpen'
import { type VerifyCost, verifyCost } from './verifyCost'

/** Whole-run bound: a hung browser or relay must not keep the script alive. */
const BENCH_TIMEOUT_MS = 30 * 60_000
const SEED = 20_240_601
/** Target from issue 11: click in the sidebar to the other room's newest message painted. */
const SWITCH_TARGET_MS = 100
/** Target from issue 12: open a 100k-entry room at its first unread, 5,000 messages up. */
const UNREAD_TARGET_MS = 300

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      sizes: { type: 'string', default: '10000,100000' },
      'no-build': { type: 'boolean', default: false },
      'no-switch': { type: 'boolean', default: false },
      'only-unread': { type: 'boolean', default: false },
    },
  })
  const runs = Number(values.runs)
  const sizes = values.sizes.split(',').map(Number)
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error('--runs must be 1..50')
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 200_000)) throw new Error('--sizes: 1..200000')
  return {
    runs,
    sizes,
    build: !values['no-build'],
    switching: !values['no-switch'],
    onlyUnread: values['only-unread'],
  }
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

function printUnreadOpen(result: UnreadOpenResult): void {
  const atUnread = summarize(result.atFirstUnread)
  process.stdout.write(
    `\nOpening a room of ${result.entryCount.toLocaleString('en')} entries from IndexedDB (relay up), same device\n`,
  )
  printTable([
    [
      'navigation to first unread painted (5,000 messages up, divider)',
      `${formatMs(atUnread)}  ${verdict(atUnread, UNREAD_TARGET_MS)}`,
    ],
    ['baseline: navigation to newest painted (all read)', formatMs(summarize(result.atNewest))],
  ])
}

async function run(): Promise<void> {
  const { runs, sizes, build, switching, onlyUnread } = options()
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
    const largestSize = sizes[sizes.length - 1] ?? 100_000
    log(`opening a room of ${largestSize} at its first unread message`)
    const unread = await unreadOpenRuns(browser, relay.url, port, largestSize, SEED + 7, runs)
    if (onlyUnread) {
      printConditions(browser, runs)
      printUnreadOpen(unread)
      return
    }
    const results: RoomResults[] = []
    // A second room of each size, with the same reader, to switch to from the sidebar.
    const others: SeededRoom[] = []
    for (const size of sizes) {
      log(`seeding ${size} entries (two rooms)`)
      const room = await seedRoom(relay.url, size, SEED + size)
      others.push(await seedRoom(relay.url, size, SEED + size, 'b'))
      log(`fresh-device loads of ${size}`)
      const fresh = await freshDeviceLoads(browser, port, room, runs)
      results.push({ room, fresh, indexedDb: [], rechecked: [] })
    }
    log('signature verification cost in the page')
    const costs: VerifyCost[] = []
    const costDevice = await browser.newContext()
    // tsx compiles the probes with keepNames, which wraps inner functions in `__name(fn, "name")`.
    await costDevice.addInitScript('globalThis.__name = globalThis.__name || ((target) => target)')
    for (let run = 0; run < runs; run++) costs.push(await verifyCost(costDevice, `http://127.0.0.1:${port}`))
    await costDevice.close()
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
      log(`IndexedDB loads of ${result.room.entryCount}, every signature checked again`)
      result.rechecked = await indexedDbLoads(device, port, result.room, runs, true)
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
    const switches: { size: number; samples: SwitchSamples }[] = []
    for (const [i, result] of results.entries()) {
      const device = devices[i]
      const other = others[i]
      if (!device || !other || !switching) continue
      // Only now: the figures above are of a device that holds one room.
      log(`warming a second room of ${result.room.entryCount} on the same device`)
      await warmRoom(device, port, other)
      log(`switching between two rooms of ${result.room.entryCount} from the sidebar`)
      switches.push({
        size: result.room.entryCount,
        samples: await switchRuns(device, port, result.room, other, runs),
      })
    }
    printConditions(browser, runs)
    printVerifyCost(costs)
    for (const result of results) printRoom(result)
    if (largest && appended) {
      process.stdout.write(`\nAppend at ${largest.room.entryCount.toLocaleString('en')} entries (relay up)\n`)
      printTable([['Enter to new message painted', formatMs(appended)]])
    }
    printUnreadOpen(unread)
    for (const { size, samples } of switches) {
      const cold = summarize(samples.cold.map((s) => s.paintedMs))
      const warm = summarize(samples.warm.map((s) => s.paintedMs))
      process.stdout.write(
        `\nSwitching rooms from the sidebar, two rooms of ${size.toLocaleString('en')} entries (relay up)\n`,
      )
      printTable([
        [
          'click to newest painted, room not yet open in the page',
          `${formatMs(cold)}  ${verdict(cold, SWITCH_TARGET_MS)}`,
        ],
        [
          'click to newest painted, back to a room shown before',
          `${formatMs(warm)}  ${verdict(warm, SWITCH_TARGET_MS)}`,
        ],
      ])
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
