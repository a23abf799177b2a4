// Where the time goes before the newest messages show, from a Chromium trace of one load from
// IndexedDB (relay down): the renderer main thread's work by kind (script compile and run, style,
// layout, paint, GC, idle) with its timeline from navigation start, and when the service worker
// answered each request. Not part of `npm run bench:web`; run after `npm run build -w web`:
//   node --conditions=parley-source --import tsx web/bench/traceLoad.ts [entries] [out.json] [--unread]
// With --unread it traces opening the room at its first unread message instead (unreadOpen.ts,
// relay up), timed to that message painted.
import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser, type RelayProcess, startRelay } from '../e2e/harness'
import { timeToVisible } from './pageProbe'
import { roomUrl, warmDevice } from './scenarios'
import { runScript } from './script'
import { seedRoom } from './seedRoom'
import { prepareUnreadRoom } from './unreadOpen'

const VISIBLE_TIMEOUT_MS = 60_000
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8',
  'v8.execute',
  'loading',
  'ServiceWorker',
  'disabled-by-default-v8.compile',
  'CacheStorage',
]
const UNTRACED_LOADS = 3
/** Top-level tasks shorter than this are summed, not listed. */
const LISTED_TASK_MS = 4

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  cat: string
  args?: { name?: string; data?: Record<string, unknown> }
}

function summarize(events: TraceEvent[], paintedMs: number): void {
  const mark = events.find((e) => e.name === 'parley:room-opening')
  if (!mark) throw new Error('no parley:room-opening mark in the trace')
  const nav = events.find((e) => e.pid === mark.pid && e.name === 'navigationStart')
  const origin = nav?.ts ?? mark.ts
  const main = events.find(
    (e) => e.pid === mark.pid && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  )
  const onMain = events
    .filter((e) => e.pid === mark.pid && e.tid === main?.tid && e.ph === 'X' && e.ts >= origin)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))
  const end = origin + paintedMs * 1000
  // Self time per event name, nesting by time on the one thread.
  const self = new Map<string, number>()
  const stack: TraceEvent[] = []
  for (const event of onMain) {
    if (event.ts > end) break
    while (stack.length && (stack.at(-1)?.ts ?? 0) + (stack.at(-1)?.dur ?? 0) <= event.ts) stack.pop()
    const parent = stack.at(-1)
    const dur = Math.min(event.dur ?? 0, end - event.ts)
    self.set(event.name, (self.get(event.name) ?? 0) + dur)
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - dur)
    stack.push(event)
  }
  process.stdout.write(`main-thread self time until painted (${paintedMs.toFixed(0)} ms):\n`)
  for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    process.stdout.write(`${(us / 1000).toFixed(1).padStart(8)} ms  ${name}\n`)
  process.stdout.write('top-level tasks (ms from navigation start):\n')
  let small = 0
  for (const task of onMain.filter((e) => e.name === 'RunTask' && e.ts <= end)) {
    const ms = (task.dur ?? 0) / 1000
    if (ms < LISTED_TASK_MS) {
      small += ms
      continue
    }
    const inside = onMain.filter(
      (e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= task.ts + (task.dur ?? 0),
    )
    const kinds = new Map<string, number>()
    for (const e of inside) {
      const detail = e.args?.data?.url ?? e.args?.data?.functionName ?? ''
      const key = `${e.name}${detail ? ` ${String(detail).split('/').pop()}` : ''}`
      kinds.set(key, Math.max(kinds.get(key) ?? 0, (e.dur ?? 0) / 1000))
    }
    const top = [...kinds]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ')
    process.stdout.write(
      `${((task.ts - origin) / 1000).toFixed(0).padStart(6)} +${ms.toFixed(0).padStart(4)}  ${top}\n`,
    )
  }
  process.stdout.write(`(plus ${small.toFixed(0)} ms in shorter tasks)\n`)
  const marks = events
    .filter((e) => e.pid === mark.pid && e.cat.includes('blink.user_timing') && e.name.startsWith('parley:'))
    .map((e) => `${e.name} ${((e.ts - origin) / 1000).toFixed(0)}`)
  process.stdout.write(`marks: ${marks.join(', ')}\n`)
}

/** The device, the room's page and the entry whose painting is timed. */
async function prepare(browser: Browser, relay: RelayProcess, entries: number, unread: boolean) {
  if (unread) {
    const room = await prepareUnreadRoom(browser, relay.url, relay.port, entries, entries)
    return { device: room.device, url: room.url, entryId: room.firstUnread }
  }
  const room = await seedRoom(relay.url, entries, entries)
  const device = await warmDevice(browser, relay.port, room)
  await relay.stop()
  return { device, url: roomUrl(relay.port, room.roomId), entryId: room.newestEntryId }
}

/** The app's performance marks, in ms from navigation start. */
function readMarks(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .map((mark) => `${mark.name.replace('parley:', '')} ${Math.round(mark.startTime)}`),
  )
}

async function main(): Promise<void> {
  const unread = process.argv.includes('--unread')
  const [entriesArg, outArg] = process.argv.slice(2).filter((arg) => arg !== '--unread')
  const entries = Number(entriesArg ?? 10_000)
  const out = outArg ?? `/tmp/parley-trace-${entries}.json`
  let relay: RelayProcess | null = null
  let browser: Browser | null = null
  try {
    relay = await startRelay()
    browser = await launchBrowser()
    const { device, url, entryId } = await prepare(browser, relay, entries, unread)
    // Unmeasured loads first: a warm HTTP cache and service worker, as in the bench.
    for (let i = 0; i < UNTRACED_LOADS; i++) {
      const untraced = await timeToVisible(device, url, entryId, VISIBLE_TIMEOUT_MS)
      process.stdout.write(
        `untraced load: painted ${untraced.timing.paintedMs.toFixed(0)}, ${(await readMarks(untraced.page)).join(', ')}\n`,
      )
      await untraced.page.close()
    }
    await browser.startTracing(undefined, { categories: CATEGORIES })
    const { page, timing } = await timeToVisible(device, url, entryId, VISIBLE_TIMEOUT_MS)
    await page.close()
    const trace = await browser.stopTracing()
    fs.writeFileSync(out, trace)
    process.stdout.write(`traced load: ${JSON.stringify(timing)}\ntrace: ${out}\n`)
    summarize((JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents, timing.paintedMs)
  } finally {
    await browser?.close().catch(() => {})
    await relay?.kill().catch(() => {})
  }
}

runScript(main)
