// The three ways the bench opens a room: a fresh device (relay only), IndexedDB alone (relay
// down), and appending one message to an open room.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { newDevice } from './device'
import { heapAfterGc, timeToAppend, timeToVisible, timeToVisibleOn, type VisibleTiming } from './pageProbe'
import type { SeededRoom } from './seedRoom'

const VISIBLE_TIMEOUT_MS = 60_000
/** Checking every signature of a 100k-entry room on a fresh device takes a while. */
const VERIFIED_TIMEOUT_MS = 300_000
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
  /** The app's `parley:history-verified` mark: every signature of the loaded history checked. */
  historyVerifiedMs: number | null
}

export function roomUrl(port: number, roomId: string): string {
  return `http://127.0.0.1:${port}/r/${roomId}`
}

/** A new device of the room's reader. */
export function deviceFor(browser: Browser, port: number, room: SeededRoom): Promise<BrowserContext> {
  return newDevice(browser, `http://127.0.0.1:${port}`, room.reader)
}

async function measureLoad(
  context: BrowserContext,
  url: string,
  room: SeededRoom,
  recheck = false,
): Promise<LoadSample> {
  const page = await context.newPage()
  if (recheck) await page.addInitScript(forgetVerified, `parley:${room.roomId}`)
  const timing = await timeToVisibleOn(page, url, room.newestEntryId, VISIBLE_TIMEOUT_MS)
  // The full history may still be loading (and then verifying) when the newest entries show.
  await page.waitForFunction(() => performance.getEntriesByName('parley:history-verified').length > 0, null, {
    timeout: VERIFIED_TIMEOUT_MS,
    polling: 100,
  })
  const marks = ['history-loaded', 'room-opening', 'view-cache-read', 'preview-ready', 'history-verified']
  const [historyLoadedMs, roomOpeningMs, viewCacheReadMs, previewReadyMs, historyVerifiedMs] =
    await page.evaluate(
      (names) => names.map((name) => performance.getEntriesByName(`parley:${name}`)[0]?.startTime ?? null),
      marks,
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
    historyVerifiedMs: historyVerifiedMs ?? null,
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
    const context = await deviceFor(browser, port, room)
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
 * the app has written the room's view cache and verified state (it does so a second or two after
 * the log goes quiet and every signature is checked).
 */
export async function warmDevice(browser: Browser, port: number, room: SeededRoom): Promise<BrowserContext> {
  const context = await deviceFor(browser, port, room)
  await warmRoom(context, port, room)
  return context
}

/** Opens `room` on the device `context` until IndexedDB and the shell cache hold it (see warmDevice). */
export async function warmRoom(context: BrowserContext, port: number, room: SeededRoom): Promise<void> {
  const { page } = await timeToVisible(
    context,
    roomUrl(port, room.roomId),
    room.newestEntryId,
    VISIBLE_TIMEOUT_MS,
  )
  // Polled inside the page: Playwright's waitForFunction does not await an async predicate (it
  // takes the promise itself as the truthy answer), so it would return at once.
  await page.evaluate(
    async ([dbName, minBytes, timeoutMs]) => {
      const stored = async () => {
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
          const read = (key: string) =>
            new Promise<unknown>((resolve, reject) => {
              const request = db.transaction('custom').objectStore('custom').get(key)
              request.onsuccess = () => resolve(request.result)
              request.onerror = () => reject(request.error)
            })
          const [view, verified] = await Promise.all([read('view'), read('verified')])
          return bytes >= minBytes && typeof view === 'string' && typeof verified === 'string'
        } finally {
          db.close()
        }
      }
      const deadline = performance.now() + timeoutMs
      while (!(await stored())) {
        if (performance.now() > deadline) throw new Error('the room was not stored in time')
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
    },
    [
      `parley:${room.roomId}`,
      room.updateBytes * STORED_FRACTION,
      STORED_TIMEOUT_MS + VERIFIED_TIMEOUT_MS,
    ] as const,
  )
  await page.close()
}

/**
 * Runs in the page before any of its scripts: deletes what the device recorded as verified of the
 * room, so this load checks every signature. IndexedDB serves connections and transactions on one
 * store in the order they were asked for, so the app's own read (which starts later) sees it gone.
 */
function forgetVerified(dbName: string): void {
  const opened = indexedDB.open(dbName)
  opened.onsuccess = () => {
    const transaction = opened.result.transaction('custom', 'readwrite')
    transaction.objectStore('custom').delete('verified')
    transaction.oncomplete = () => opened.result.close()
  }
}

/**
 * Each run is a new page of a device that has the room; the caller has stopped the relay. With
 * `recheck`, the device's verified state is deleted first: every signature is checked again.
 */
export async function indexedDbLoads(
  context: BrowserContext,
  port: number,
  room: SeededRoom,
  runs: number,
  recheck = false,
): Promise<LoadSample[]> {
  const samples: LoadSample[] = []
  for (let run = 0; run < runs; run++)
    samples.push(await measureLoad(context, roomUrl(port, room.roomId), room, recheck))
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
