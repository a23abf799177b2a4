// A/B of two builds of the web app on the same room, alternating loads in one browser, so that
// the noise of a shared machine falls on both alike: each build is served by its own relay (its
// own origin, so its own service worker and IndexedDB), the same seeded room on both.
//   node --conditions=parley-source --import tsx web/bench/abLoad.ts --a <dist> --b <dist>
//     [--entries 10000] [--runs 10] [--unread]
// Default: first paint from IndexedDB with the relays down (newest message painted). With
// --unread: opening the room at its first unread message, 5,000 messages up (relays up).
import { parseArgs } from 'node:util'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser, makeDataDir, type RelayProcess, startRelay } from '../e2e/harness'
import { timeToVisibleOn } from './pageProbe'
import { roomUrl, warmDevice } from './scenarios'
import { runScript } from './script'
import { seedRoom } from './seedRoom'
import { formatMs, summarize } from './stats'
import { prepareUnreadRoom } from './unreadOpen'

const VISIBLE_TIMEOUT_MS = 60_000
const SEED = 20_240_601

interface Side {
  name: string
  relay: RelayProcess
  device: BrowserContext
  url: string
  entryId: string
  samples: number[]
  /** Per sample: ms from navigation to the preview folded and to the history read (or -1). */
  marks: string[]
}

async function prepare(
  browser: Browser,
  name: string,
  dist: string,
  entries: number,
  unread: boolean,
): Promise<Side> {
  const relay = await startRelay({ dataDir: makeDataDir(), args: ['--static-dir', dist] })
  if (unread) {
    const room = await prepareUnreadRoom(browser, relay.url, relay.port, entries, SEED + 7)
    return {
      name,
      relay,
      device: room.device,
      url: room.url,
      entryId: room.firstUnread,
      samples: [],
      marks: [],
    }
  }
  const room = await seedRoom(relay.url, entries, SEED + entries)
  const device = await warmDevice(browser, relay.port, room)
  const url = roomUrl(relay.port, room.roomId)
  return { name, relay, device, url, entryId: room.newestEntryId, samples: [], marks: [] }
}

/** When the page folded its preview and read the history, as `preview/history` (-1: not yet). */
function previewAndHistory(page: Page): Promise<string> {
  return page.evaluate(() =>
    ['preview-ready', 'history-loaded']
      .map((name) => Math.round(performance.getEntriesByName(`parley:${name}`)[0]?.startTime ?? -1))
      .join('/'),
  )
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      entries: { type: 'string', default: '10000' },
      runs: { type: 'string', default: '10' },
      unread: { type: 'boolean', default: false },
    },
  })
  if (!values.a || !values.b) throw new Error('--a and --b: the two builds (web/dist directories)')
  const entries = Number(values.entries)
  const runs = Number(values.runs)
  let browser: Browser | null = null
  const sides: Side[] = []
  try {
    browser = await launchBrowser()
    sides.push(await prepare(browser, 'a', values.a, entries, values.unread))
    sides.push(await prepare(browser, 'b', values.b, entries, values.unread))
    if (!values.unread) for (const side of sides) await side.relay.stop()
    for (let run = 0; run < runs; run++) {
      // Alternating which goes first, so neither always follows the other.
      for (const side of run % 2 === 0 ? sides : [...sides].reverse()) {
        const page = await side.device.newPage()
        side.samples.push((await timeToVisibleOn(page, side.url, side.entryId, VISIBLE_TIMEOUT_MS)).paintedMs)
        side.marks.push(await previewAndHistory(page))
        await page.close()
      }
    }
    const what = values.unread ? 'first unread painted (relay up)' : 'newest painted from IndexedDB'
    process.stdout.write(`${entries} entries, navigation to ${what}, alternating runs\n`)
    for (const side of sides) {
      process.stdout.write(
        `${side.name}: ${formatMs(summarize(side.samples))}  [${side.samples.map((ms) => ms.toFixed(0)).join(' ')}]\n` +
          `   preview/history read: ${side.marks.join(' ')}\n`,
      )
    }
  } finally {
    await browser?.close().catch(() => {})
    for (const side of sides) await side.relay.kill().catch(() => {})
  }
}

runScript(main)
