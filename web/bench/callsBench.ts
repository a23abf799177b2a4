// `npm run bench:calls`, browser half: call setup time, from the click on "Call" / "Join call" to
// the first video frame of each other person, in headless Chromium with fake cameras over loopback
// (one browser, a context per person), for calls of 2 and 4 people. The baseline, in the same run
// and browser: two RTCPeerConnections in one page, negotiated directly (no relay, no app), from
// getUserMedia to the first remote frame. Needs a built web/dist.
import os from 'node:os'
import type { Browser, Page } from 'playwright-core'
import { arrive, createRoom, joinRoom } from '../e2e/chat'
import { launchBrowser, MEDIA_ARGS, startRelay } from '../e2e/harness'

const RUNS = 5
const SIZES = process.env.SIZES ? process.env.SIZES.split(',').map(Number) : [2, 4]
const STEP_TIMEOUT_MS = 60_000

/**
 * Runs in the page: clicks the call button and resolves with the ms to each remote's first frame.
 * Plain text, not a function: tsx wraps named inner functions in a helper the page lacks.
 */
const clickToFrames = (expected: number) => `new Promise((resolve, reject) => {
  const t0 = performance.now()
  const frames = []
  const seen = new WeakSet()
  const timeout = setTimeout(() => reject(new Error('only ' + frames.length + ' remote frames')), 60000)
  const watch = () => {
    for (const video of document.querySelectorAll('[data-testid="call-tile-peer"] video')) {
      if (seen.has(video)) continue
      seen.add(video)
      video.requestVideoFrameCallback((now) => {
        frames.push(now - t0)
        if (frames.length === ${expected}) {
          clearTimeout(timeout)
          resolve(frames)
        }
      })
    }
    if (frames.length < ${expected}) setTimeout(watch, 5)
  }
  const button = [...document.querySelectorAll('.room-header button')].find((b) =>
    /^(Call|Join call)$/.test(b.textContent ?? ''))
  if (button === undefined) return reject(new Error('no call button'))
  button.click()
  watch()
})`

/** Runs in the page: the same media path with no relay and no app, as the floor. */
const LOOPBACK_PAIR = () =>
  new Promise<number>((resolve, reject) => {
    const t0 = performance.now()
    const timeout = setTimeout(() => reject(new Error('no loopback frame')), 30_000)
    void (async () => {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: true,
        video: { width: 640, height: 360 },
      })
      const a = new RTCPeerConnection()
      const b = new RTCPeerConnection()
      a.onicecandidate = (e) => e.candidate && void b.addIceCandidate(e.candidate)
      b.onicecandidate = (e) => e.candidate && void a.addIceCandidate(e.candidate)
      const video = document.createElement('video')
      video.muted = true
      video.autoplay = true
      document.body.append(video)
      b.ontrack = (e) => {
        video.srcObject = e.streams[0] ?? null
      }
      video.requestVideoFrameCallback((now) => {
        clearTimeout(timeout)
        resolve(now - t0)
        a.close()
        b.close()
        video.remove()
        for (const track of stream.getTracks()) track.stop()
      })
      for (const track of stream.getTracks()) a.addTrack(track, stream)
      await a.setLocalDescription()
      await b.setRemoteDescription(a.localDescription as RTCSessionDescription)
      await b.setLocalDescription()
      await a.setRemoteDescription(b.localDescription as RTCSessionDescription)
    })().catch(reject)
  })

async function connectedPeers(page: Page): Promise<number> {
  return page.locator('[data-testid="call-tile-peer"][data-connection="connected"]').count()
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function callOf(
  browser: Browser,
  port: number,
  size: number,
): Promise<{ first: number[]; all: number[] }> {
  const contexts = await Promise.all(Array.from({ length: size }, () => browser.newContext()))
  try {
    const pages = await Promise.all(contexts.map((context) => context.newPage()))
    const [host, ...others] = pages
    if (host === undefined) throw new Error('nobody')
    await arrive(host, `http://127.0.0.1:${port}/`, 'Person 1')
    const roomUrl = await createRoom(host)
    for (const [i, page] of others.entries()) await joinRoom(page, roomUrl, `Person ${i + 2}`)
    const stayers = pages.slice(0, -1)
    const joiner = pages[pages.length - 1] as Page
    for (const page of stayers) {
      await page
        .locator('.room-header')
        .getByRole('button', { name: /^(Call|Join call)$/ })
        .click()
    }
    await until('the others connected', async () => {
      const counts = await Promise.all(stayers.map(connectedPeers))
      return counts.every((n) => n === size - 2)
    })
    const first: number[] = []
    const all: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const frames = (await joiner.evaluate(clickToFrames(size - 1))) as number[]
      first.push(Math.min(...frames))
      all.push(Math.max(...frames))
      await joiner.getByRole('button', { name: 'Leave call' }).click()
      // Gone from every tile list (the links among the others may flap on a loaded machine).
      await until('the joiner gone', async () => {
        const counts = await Promise.all(
          stayers.map((page) => page.locator('[data-testid="call-tile-peer"]').count()),
        )
        return counts.every((n) => n === size - 2)
      })
    }
    return { first, all }
  } finally {
    await Promise.all(contexts.map((context) => context.close()))
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

const fmt = (values: number[]) =>
  `${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`

async function main(): Promise<void> {
  const relay = await startRelay()
  // Four people are four windows of one browser here, where each would have their own: none is
  // treated as a background window whose timers and rendering Chromium slows down.
  const browser = await launchBrowser([
    ...MEDIA_ARGS,
    '--disable-backgrounding-occluded-windows',
    '--disable-renderer-backgrounding',
    '--disable-background-timer-throttling',
  ])
  try {
    console.log(
      `browser half of bench:calls — Chromium ${browser.version()}, ${os.cpus().length} cores, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (the machine is shared)`,
    )
    const baseline: number[] = []
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`http://127.0.0.1:${relay.port}/`)
    for (let run = 0; run < RUNS; run++) baseline.push(await page.evaluate(LOOPBACK_PAIR))
    await context.close()
    console.log(
      `baseline: one page, two RTCPeerConnections, getUserMedia to first remote frame: ${fmt(baseline)}`,
    )
    for (const size of SIZES) {
      const { first, all } = await callOf(browser, relay.port, size)
      console.log(
        `call of ${size}: click to first remote frame ${fmt(first)}; to a frame from all ${size - 1}: ${fmt(all)}`,
      )
    }
  } finally {
    await browser.close()
    await relay.stop()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
