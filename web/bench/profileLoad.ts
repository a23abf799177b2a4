// Where the time goes when a stored room opens with the relay down: a CPU profile of one load
// from IndexedDB, summarized as the functions with the most self time (and saved as .cpuprofile
// for DevTools). Not part of `npm run bench:web`; run after `npm run build -w web`:
//   node --import tsx web/bench/profileLoad.ts [entries] [out.cpuprofile] [--fresh]
// With --fresh it profiles a fresh device instead (empty IndexedDB, everything from the relay).
import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, type RelayProcess, startRelay } from '../e2e/harness'
import { timeToVisible, timeToVisibleOn } from './pageProbe'
import { deviceFor, roomUrl, warmDevice } from './scenarios'
import { runScript } from './script'
import { seedRoom } from './seedRoom'

const TOP_FUNCTIONS = 25
const VISIBLE_TIMEOUT_MS = 60_000

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
}
interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

function printTopSelfTime(profile: CpuProfile): void {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfMs = new Map<string, number>()
  for (const [i, id] of profile.samples.entries()) {
    const frame = byNode.get(id)?.callFrame
    if (!frame) continue
    const file = frame.url.split('/').pop() ?? ''
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`
    selfMs.set(name, (selfMs.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  }
  const top = [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, TOP_FUNCTIONS)
  for (const [name, ms] of top) process.stdout.write(`${ms.toFixed(1).padStart(8)} ms  ${name}\n`)
}

/** Navigation phases, resource arrivals and the app's performance marks, in ms from navigation. */
function readMarks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[]
    const phases = navigation
      ? Object.entries({
          workerStart: navigation.workerStart,
          responseEnd: navigation.responseEnd,
          domContentLoaded: navigation.domContentLoadedEventEnd,
        })
      : []
    const resources = performance
      .getEntriesByType('resource')
      .map(
        (entry) =>
          [entry.name.split('/').pop() ?? '', (entry as PerformanceResourceTiming).responseEnd] as const,
      )
    const marks = performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime] as const)
    return [...phases, ...resources, ...marks].map(([name, at]) => `${name} ${Math.round(at)}`)
  })
}

async function main(): Promise<void> {
  const fresh = process.argv.includes('--fresh')
  const [entriesArg, outArg] = process.argv.slice(2).filter((arg) => arg !== '--fresh')
  const entries = Number(entriesArg ?? 10_000)
  const out = outArg ?? `/tmp/parley-load-${entries}${fresh ? '-fresh' : ''}.cpuprofile`
  let relay: RelayProcess | null = null
  let browser: Browser | null = null
  try {
    relay = await startRelay()
    const port = relay.port
    browser = await launchBrowser()
    const room = await seedRoom(relay.url, entries, entries)
    const device = fresh ? await deviceFor(browser, port, room) : await warmDevice(browser, port, room)
    if (!fresh) {
      await relay.stop()
      relay = null
    }
    // One unprofiled load first so the profile shows a warm HTTP cache and service worker.
    const { page: first, timing: unprofiled } = await timeToVisible(
      device,
      roomUrl(port, room.roomId),
      room.newestEntryId,
      VISIBLE_TIMEOUT_MS,
    )
    process.stdout.write(`unprofiled marks: ${(await readMarks(first)).join(', ')}\n`)
    await first.close()
    // A fresh device again: the unprofiled load stored the room in this device's IndexedDB.
    const profiled = fresh ? await deviceFor(browser, port, room) : device
    const page = await profiled.newPage()
    const cdp = await profiled.newCDPSession(page)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
    const timing = await timeToVisibleOn(
      page,
      roomUrl(port, room.roomId),
      room.newestEntryId,
      VISIBLE_TIMEOUT_MS,
    )
    const { profile } = await cdp.send('Profiler.stop')
    fs.writeFileSync(out, JSON.stringify(profile))
    const marks = await readMarks(page)
    process.stdout.write(
      `unprofiled load: ${JSON.stringify(unprofiled)}\nprofiled load: ${JSON.stringify(timing)}\n`,
    )
    process.stdout.write(`marks: ${marks.join(', ')}\nprofile: ${out}\n`)
    printTopSelfTime(profile as CpuProfile)
  } finally {
    await browser?.close().catch(() => {})
    await relay?.kill().catch(() => {})
  }
}

runScript(main)
