// Switching between two rooms from the sidebar: from the click on the other room's link to the
// frame that shows its newest message. The first switch to a room in a page reads it from
// IndexedDB ("cold"); switching back to one shown earlier in the same page takes it from the rooms
// the app keeps open ("warm").
import type { BrowserContext, Page } from 'playwright-core'
import type { VisibleTiming } from './pageProbe'
import { roomUrl } from './scenarios'
import type { SeededRoom } from './seedRoom'

const SWITCH_TIMEOUT_MS = 30_000
const SETTLED_TIMEOUT_MS = 300_000
/** Warm switches measured per page, alternating between the two rooms. */
const WARM_SWITCHES = 4

declare global {
  interface Window {
    __benchSwitched?: Promise<VisibleTiming>
  }
}

export interface SwitchSamples {
  cold: VisibleTiming[]
  warm: VisibleTiming[]
}

/** Installed before the click: resolves when `entryId` is painted inside the log's viewport. */
function watchForSwitch([linkSelector, entryId, timeoutMs]: readonly [string, string, number]): void {
  window.__benchSwitched = new Promise((resolve, reject) => {
    let clickedAt = -1
    const onClick = (event: MouseEvent) => {
      if ((event.target as Element | null)?.closest(linkSelector)) clickedAt = performance.now()
    }
    document.addEventListener('click', onClick, { capture: true })
    const inViewport = (): boolean => {
      const element = document.querySelector(`[data-entry-id="${entryId}"]`)
      // The scrolling element around the log (both list implementations mark it).
      const log = element?.closest('.virtual-scroller') ?? element?.closest('[role="log"]')?.parentElement
      if (!element || !log) return false
      const box = element.getBoundingClientRect()
      const view = log.getBoundingClientRect()
      return box.height > 0 && box.bottom > view.top && box.top < view.bottom
    }
    const timer = setTimeout(() => reject(new Error(`room not shown in ${timeoutMs} ms`)), timeoutMs)
    const observer = new MutationObserver(() => {
      if (clickedAt < 0 || !inViewport()) return
      const inViewportMs = performance.now() - clickedAt
      observer.disconnect()
      document.removeEventListener('click', onClick, { capture: true })
      clearTimeout(timer)
      requestAnimationFrame(() => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => resolve({ inViewportMs, paintedMs: performance.now() - clickedAt })
        channel.port2.postMessage(null)
      })
    })
    observer.observe(document, { childList: true, subtree: true, attributes: true })
  })
}

/** Waits until `count` rooms opened in this page have their history verified (the page is quiet). */
async function settled(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => performance.getEntriesByName('parley:history-verified').length >= n,
    count,
    { timeout: SETTLED_TIMEOUT_MS, polling: 100 },
  )
}

async function switchTo(page: Page, room: SeededRoom): Promise<VisibleTiming> {
  const link = `a[data-room-id="${room.roomId}"]`
  await page.evaluate(watchForSwitch, [link, room.newestEntryId, SWITCH_TIMEOUT_MS] as const)
  await page.click(link)
  return page.evaluate(() => window.__benchSwitched ?? Promise.reject(new Error('probe not installed')))
}

/**
 * Each run opens `first` in a new page of a device that holds both rooms, waits until it (and the
 * background sync of `second`) is quiet, switches to `second` (cold), waits until that is quiet,
 * then switches back and forth (warm).
 */
export async function switchRuns(
  context: BrowserContext,
  port: number,
  first: SeededRoom,
  second: SeededRoom,
  runs: number,
): Promise<SwitchSamples> {
  const samples: SwitchSamples = { cold: [], warm: [] }
  for (let run = 0; run < runs; run++) {
    const page = await context.newPage()
    try {
      await page.goto(roomUrl(port, first.roomId))
      await settled(page, 2)
      samples.cold.push(await switchTo(page, second))
      await settled(page, 3)
      for (let i = 0; i < WARM_SWITCHES; i++)
        samples.warm.push(await switchTo(page, i % 2 === 0 ? first : second))
    } finally {
      await page.close()
    }
  }
  return samples
}
