// Everything one browser test starts (people, relays), so afterEach can save artifacts when the
// test failed and always shut it all down.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import {
  launchBrowser,
  newPerson,
  type Person,
  type PersonOptions,
  type RelayProcess,
  saveArtifacts,
  startRelay,
} from './harness'

type RelayOptions = NonNullable<Parameters<typeof startRelay>[0]>

/** Long enough for the client's reconnect backoff (at most 3 s) plus a relay start. */
const ACTION_TIMEOUT_MS = 20_000
const WEB_DIST = fileURLToPath(new URL('../dist/', import.meta.url))

// Runs in every page before the app: CSP violations become console errors the test can see,
// whatever Chromium itself chooses to log.
const REPORT_CSP_VIOLATIONS = `addEventListener('securitypolicyviolation', (event) => {
  console.error('Content Security Policy violation: ' + event.violatedDirective + ' ' + event.blockedURI)
})`

export interface Scene {
  person(name: string, options?: PersonOptions): Promise<Person>
  /** A relay serving this scene's copy of the app; `args` are further flags (e.g. lower limits). */
  relay(options?: RelayOptions): Promise<RelayProcess>
  /** Saves artifacts first if `failedTest` is given; closes every context and stops every relay. */
  close(failedTest?: string): Promise<void>
}

/**
 * The relay serves a private copy of web/dist: a rebuild of web/dist during the test (someone
 * running `npm run build` alongside) must not hand a page an index.html whose assets are gone.
 */
function copyApp(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-app-'))
  fs.cpSync(WEB_DIST, copy, { recursive: true })
  return copy
}

export function createScene(browser: Browser): Scene {
  const people: Person[] = []
  const relays: RelayProcess[] = []
  const staticDir = copyApp()
  return {
    async person(name, options) {
      const person = await newPerson(browser, name, options)
      person.context.setDefaultTimeout(ACTION_TIMEOUT_MS)
      await person.context.addInitScript(REPORT_CSP_VIOLATIONS)
      people.push(person)
      return person
    },
    async relay(options) {
      const relay = await startRelay({
        ...options,
        args: ['--static-dir', staticDir, ...(options?.args ?? [])],
      })
      relays.push(relay)
      return relay
    },
    async close(failedTest) {
      if (failedTest !== undefined) await saveArtifacts(failedTest, people)
      await Promise.all(people.map((person) => person.context.close().catch(() => {})))
      await Promise.all(relays.map((relay) => relay.stop()))
      for (const dir of new Set([staticDir, ...relays.map((relay) => relay.dataDir)])) {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

/** What a test uses of its scene. */
export type TestScene = Pick<Scene, 'person' | 'relay'>

/**
 * Registers the hooks every browser test file needs: one browser per file, a fresh scene per test,
 * artifacts saved when a test fails. Returns the running test's scene.
 */
export function useScene(options: { browserArgs?: readonly string[] } = {}): TestScene {
  let browser: Browser | undefined
  let scene: Scene | undefined
  beforeAll(async () => {
    browser = await launchBrowser(options.browserArgs)
  })
  afterAll(async () => {
    await browser?.close()
  })
  beforeEach(() => {
    if (browser === undefined) throw new Error('the browser did not start')
    scene = createScene(browser)
  })
  afterEach(async (ctx) => {
    await scene?.close(ctx.task.result?.state === 'fail' ? ctx.task.name : undefined)
    scene = undefined
  })
  const current = (): Scene => {
    if (scene === undefined) throw new Error('a scene exists only inside a test')
    return scene
  }
  return {
    person: (name, options) => current().person(name, options),
    relay: (options) => current().relay(options),
  }
}
