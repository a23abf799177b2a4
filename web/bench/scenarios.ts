// The three ways the bench opens a room: a fresh device (relay only), IndexedDB alone (relay
// down), and appending one message to an open room.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { heapAfterGc, timeToAppend, timeToVisible, type VisibleTiming } from './pageProbe'
import { BENCH_READER, type SeededRoom } from './seedRoom'

const VIEWPORT = { width: 1100, height: 800 }
const VISIBLE_TIMEOUT_MS = 60_000
const STORED_TIMEOUT_MS = 60_000
const APPEND_TIMEOUT_MS = 10_000
/** y-indexeddb holds what the relay sent; allow for encoding differences from the seeded update. */
const STORED_FRACTION = 0.9

export interface LoadSample {
  timing: VisibleTiming
  heapBytes: number
  /** The app's `parley:history-loaded` mark: IndexedDB read into the doc (null if never marked). */
  historyLoadedMs: number | null
  /** The app's `parley:room-opening` mark: the app starts opening the room (JS parsed, first render). */
  roomOpeningMs: number | null
  /** The app's `parley:view-cache-read` mark: the room's small values (view cache) read. */
  viewCacheReadMs: number | null
  /** The app's `parley:preview-ready` mark: the cached newest entries folded (null: no preview). */
  previewReadyMs: number | null
}

export function roomUrl(port: number, roomId: string): string {
  return `http://127.0.0.1:${port}/r/${roomId}`
}

/** A device: its own storage, with the reader's profile already saved (no "Your name" step). */
export async function newDevice(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  // tsx compiles the probes with keepNames, which wraps inner functions in `__name(fn, "name")`.
  await context.addInitScript('globalThis.__name = globalThis.__name || ((target) => target)')
  await context.addInitScript((profile) => {
    if (localStorage.getItem('parley.profile') === null)
      localStorage.setItem('parley.profile', JSON.stringify(profile))
  }, BENCH_READER)
  return context
}

async function measureLoad(context: BrowserContext, url: string, room: SeededRoom): Promise<LoadSample> {
  const { page, timing } = await timeToVisible(context, url, room.newestEntryId, VISIBLE_TIMEOUT_MS)
  // The full history may still be loading when the newest entries show (from the view cache).
  await page.waitForFunction(() => performance.getEntriesByName('parley:history-loaded').length > 0, null, {
    timeout: VISIBLE_TIMEOUT_MS,
  })
  const [historyLoadedMs, roomOpeningMs, viewCacheReadMs, previewReadyMs] = await page.evaluate(() =>
    ['parley:history-loaded', 'parley:room-opening', 'parley:view-cache-read', 'parley:preview-ready'].map(
      (name) => performance.getEntriesByName(name)[0]?.startTime ?? null,
    ),
  )
  const heapBytes = await heapAfterGc(page)
  await page.close()
  return {
    timing,
    heapBytes,
    historyLoadedMs: historyLoadedMs ?? null,
    roomOpeningMs: roomOpeningMs ?? null,
    viewCacheReadMs: viewCacheReadMs ?? null,
    previewReadyMs: previewReadyMs ?? null,
  }
}

/** Each run is a new device: empty IndexedDB, no service worker, everything from the relay. */
export async function freshDeviceLoads(
  browser: Browser,
  port: number,
  room: SeededRoom,
  runs: number,
): Promise<LoadSample[]> {
  const samples: LoadSample[] = []
  for (let run = 0; run < runs; run++) {
    const context = await newDevice(browser)
    try {
      samples.push(await measureLoad(context, roomUrl(port, room.roomId), room))
    } finally {
      await context.close()
    }
  }
  return samples
}

/**
 * Opens the room once with the relay up and waits until IndexedDB and the shell cache hold it, and
 * the app has written the room's view cache (it does so about a second after the log goes quiet).
 */
export async function warmDevice(browser: Browser, port: number, room: SeededRoom): Promise<BrowserContext> {
  const context = await newDevice(browser)
  const { page } = await timeToVisible(
    context,
    roomUrl(port, room.roomId),
    room.newestEntryId,
    VISIBLE_TIMEOUT_MS,
  )
  await page.waitForFunction(
    async ([dbName, minBytes]) => {
      const shell = await caches.match('/index.html')
      const registration = await navigator.serviceWorker.getRegistration()
      if (!shell || !registration?.active) return false
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(dbName)
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      try {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction('updates').objectStore('updates').getAll()
          request.onsuccess = () => resolve(request.result)
          request.onerror = () => reject(request.error)
        })
        const bytes = all.reduce<number>((sum, value) => sum + ((value as Uint8Array).byteLength ?? 0), 0)
        const view = await new Promise<unknown>((resolve, reject) => {
          const request = db.transaction('custom').objectStore('custom').get('view')
          request.onsuccess = () => resolve(request.result)
          request.onerror = () => reject(request.error)
        })
        return bytes >= minBytes && typeof view === 'string'
      } finally {
        db.close()
      }
    },
    [`parley:${room.roomId}`, room.updateBytes * STORED_FRACTION] as const,
    { timeout: STORED_TIMEOUT_MS, polling: 500 },
  )
  await page.close()
  return context
}

/** Each run is a new page of a device that has the room; the caller has stopped the relay. */
export async function indexedDbLoads(
  context: BrowserContext,
  port: number,
  room: SeededRoom,
  runs: number,
): Promise<LoadSample[]> {
  const samples: LoadSample[] = []
  for (let run = 0; run < runs; run++)
    samples.push(await measureLoad(context, roomUrl(port, room.roomId), room))
  return samples
}

/** Opens the room and appends `runs` messages one at a time, timing each from Enter to its row. */
export async function appendRuns(
  context: BrowserContext,
  port: number,
  room: SeededRoom,
  runs: number,
): Promise<VisibleTiming[]> {
  const { page } = await timeToVisible(
    context,
    roomUrl(port, room.roomId),
    room.newestEntryId,
    VISIBLE_TIMEOUT_MS,
  )
  try {
    await waitForOnline(page)
    const samples: VisibleTiming[] = []
    for (let run = 0; run < runs; run++) {
      samples.push(
        await timeToAppend(page, `bench append ${run} ${Date.now().toString(36)}`, APPEND_TIMEOUT_MS),
      )
    }
    return samples
  } finally {
    await page.close()
  }
}

async function waitForOnline(page: Page): Promise<void> {
  await page.locator('[role="status"][data-status="online"]').waitFor({ timeout: VISIBLE_TIMEOUT_MS })
}
