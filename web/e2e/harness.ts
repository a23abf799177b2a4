// Browser tests drive Debian's Chromium through playwright-core against a real relay process
// that serves the built app (web/dist). Each person is a separate browser context.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { makeDataDir, type RelayProcess, startRelay } from '@parley/relay/testing'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

const CHROMIUM = '/usr/bin/chromium'
const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url))
const WEB_DIST = fileURLToPath(new URL('../dist/index.html', import.meta.url))

/**
 * What calls need in headless Chromium: fake camera and microphone granted without a prompt, and
 * ICE host candidates with real loopback addresses (mDNS names do not resolve here).
 */
export const MEDIA_ARGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
]

export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (bash .ci/run)`)
  if (!fs.existsSync(WEB_DIST)) throw new Error('web/dist is missing: run `npm run build` first')
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      ...extraArgs,
    ],
  })
}

/** A person: one browser context (own storage) with one page whose console is recorded. */
export interface Person {
  readonly context: BrowserContext
  readonly page: Page
  readonly consoleLines: string[]
}

/** How a person's browser looks: window size and light or dark theme. */
export interface PersonOptions {
  viewport?: { width: number; height: number }
  colorScheme?: 'light' | 'dark'
  /** For a test's own self-signed certificate (the nginx test). */
  ignoreHTTPSErrors?: boolean
}

export async function newPerson(
  browser: Browser,
  name: string,
  options: PersonOptions = {},
): Promise<Person> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1100, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
  })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const page = await context.newPage()
  const consoleLines: string[] = []
  page.on('console', (message) => consoleLines.push(`[${name}] ${message.type()}: ${message.text()}`))
  page.on('pageerror', (error) => consoleLines.push(`[${name}] pageerror: ${error.message}`))
  return { context, page, consoleLines }
}

/**
 * Saves a screenshot under test-artifacts/screens/ on every run (not only on failure), so the look
 * can be reviewed: `name` says what it shows.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const dir = path.join(ARTIFACTS_DIR, 'screens')
  fs.mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: path.join(dir, `${name}.png`) })
}

/** Saves a screenshot and the console log of every person, named after the test. */
export async function saveArtifacts(testName: string, people: Person[]): Promise<void> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true })
  const base = path.join(ARTIFACTS_DIR, testName.replace(/[^a-z0-9]+/gi, '-').toLowerCase())
  for (const [index, person] of people.entries()) {
    await person.page.screenshot({ path: `${base}-${index}.png`, fullPage: true }).catch(() => {})
    fs.writeFileSync(`${base}-${index}.console.log`, person.consoleLines.join('\n'))
  }
  process.stderr.write(`browser test failed: screenshots and console logs in ${base}-*\n`)
}

export { makeDataDir, type RelayProcess, startRelay }
