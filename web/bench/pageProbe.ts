// What the bench measures inside the page. Both probes are plain functions handed to Playwright,
// so they run in the browser and must not close over anything from Node.
import type { BrowserContext, Page } from 'playwright-core'

export interface VisibleTiming {
  /** ms from navigation start until the entry was in the DOM inside the scroller's viewport. */
  inViewportMs: number
  /** ms from navigation start until the frame showing it was painted. */
  paintedMs: number
}

declare global {
  interface Window {
    __benchVisible?: Promise<VisibleTiming>
    __benchAppended?: Promise<VisibleTiming>
  }
}

/**
 * Installed as an init script: watches every DOM mutation from the first byte of the document and
 * resolves `window.__benchVisible` when the entry is laid out inside the visible part of the log.
 */
function watchForEntry(entryId: string): void {
  const inViewport = (): boolean => {
    const element = document.querySelector(`[data-entry-id="${entryId}"]`)
    // The scrolling element around the log (both list implementations mark it).
    const log = element?.closest('.virtual-scroller') ?? element?.closest('[role="log"]')?.parentElement
    if (!element || !log) return false
    const box = element.getBoundingClientRect()
    const view = log.getBoundingClientRect()
    return box.height > 0 && box.bottom > view.top && box.top < view.bottom
  }
  window.__benchVisible = new Promise((resolve) => {
    const found = () => {
      const inViewportMs = performance.now()
      // rAF runs before the frame's paint; a message posted from it is delivered after the paint.
      requestAnimationFrame(() => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => resolve({ inViewportMs, paintedMs: performance.now() })
        channel.port2.postMessage(null)
      })
    }
    const observer = new MutationObserver(() => {
      if (!inViewport()) return
      observer.disconnect()
      found()
    })
    // Scrolling to the bottom is done in a layout effect of the same commit, so checking on every
    // mutation batch sees the final position.
    observer.observe(document, { childList: true, subtree: true, attributes: true })
  })
}

/** Opens `url` in a new page of `context` and returns when (and whether) `entryId` became visible. */
export async function timeToVisible(
  context: BrowserContext,
  url: string,
  entryId: string,
  timeoutMs: number,
): Promise<{ page: Page; timing: VisibleTiming }> {
  const page = await context.newPage()
  return { page, timing: await timeToVisibleOn(page, url, entryId, timeoutMs) }
}

/** Navigates `page` (which may have a CDP session attached already) and times `entryId` becoming visible. */
export async function timeToVisibleOn(
  page: Page,
  url: string,
  entryId: string,
  timeoutMs: number,
): Promise<VisibleTiming> {
  await page.addInitScript(watchForEntry, entryId)
  await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs })
  return page.evaluate(
    ([ms]) =>
      Promise.race([
        window.__benchVisible ?? Promise.reject(new Error('probe not installed')),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not visible in ${ms} ms`)), ms)),
      ]),
    [timeoutMs] as const,
  )
}

/** Resolves `window.__benchAppended` when a row containing `wanted` is the last row of the log. */
function watchForAppend([wanted, timeoutMs]: readonly [string, number]): void {
  const log = document.querySelector('[role="log"]')
  if (!log) throw new Error('no log on the page')
  window.__benchAppended = new Promise((resolve, reject) => {
    let pressedAt = -1
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter') pressedAt = performance.now()
    }
    document.addEventListener('keydown', onKey, { capture: true })
    const timer = setTimeout(() => reject(new Error(`message not shown in ${timeoutMs} ms`)), timeoutMs)
    const observer = new MutationObserver(() => {
      const rows = log.querySelectorAll('[data-entry-id]')
      if (pressedAt < 0 || !rows[rows.length - 1]?.textContent?.includes(wanted)) return
      const inViewportMs = performance.now() - pressedAt
      observer.disconnect()
      document.removeEventListener('keydown', onKey, { capture: true })
      clearTimeout(timer)
      requestAnimationFrame(() => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => resolve({ inViewportMs, paintedMs: performance.now() - pressedAt })
        channel.port2.postMessage(null)
      })
    })
    observer.observe(log, { childList: true, subtree: true, characterData: true })
  })
}

/** Types a message and returns ms from the Enter keydown to its row in the log (and painted). */
export async function timeToAppend(page: Page, text: string, timeoutMs: number): Promise<VisibleTiming> {
  const composer = page.getByRole('textbox', { name: 'Message' })
  await composer.fill(text)
  await page.evaluate(watchForAppend, [text, timeoutMs] as const)
  await composer.press('Enter')
  return page.evaluate(() => window.__benchAppended ?? Promise.reject(new Error('probe not installed')))
}

/** Used JS heap of the page after a full garbage collection, in bytes. */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.collectGarbage')
    const { usedSize } = await cdp.send('Runtime.getHeapUsage')
    return usedSize
  } finally {
    await cdp.detach()
  }
}
