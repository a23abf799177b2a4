// A relay that refuses an entry ends that update, not the session (relay/PROTOCOL.md, "Refusals"):
// the app marks what was refused and why, keeps receiving, and repairs its copy of the room
// without losing what the person wrote.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  aliceAndBob,
  connection,
  consoleProblems,
  message,
  RELAY_DOWN_NOISE,
  send,
  waitForState,
} from './chat'
import { useScene } from './scene'

/** Below the app's own 16 KiB per entry, so a message the app allows is one this relay refuses. */
const MAX_ENTRY_BYTES = 2048
/** About 3,000 characters: within the app's 4,000, over this relay's 2,048 bytes. */
const LONG_TEXT = Array.from({ length: 420 }, (_, i) => `word${i}`).join(' ')
const TOO_LARGE = /too large \(entry of [\d,]+ bytes over 2,048\)/
const RELAY_ARGS = ['--max-entry-bytes', String(MAX_ENTRY_BYTES)]

interface ExportFile {
  /** Each entry as the log holds it: a signed envelope whose body is the entry's JSON text. */
  refused: Array<{ entry: { key: string; body: string; sig: string } }>
}

describe('a relay that refuses an entry', () => {
  const scene = useScene()

  it('marks it refused, keeps the room working, exports it and repairs without losing it', async () => {
    const { alice, bob } = await aliceAndBob(scene, { relayArgs: RELAY_ARGS })
    const { page } = alice
    await send(page, LONG_TEXT)
    await waitForState(page, LONG_TEXT, 'refused')
    const note = message(page, LONG_TEXT).locator('.refused-note')
    await note.waitFor()
    expect(await note.textContent()).toMatch(
      new RegExp(`^Not sent: the relay refused it — ${TOO_LARGE.source}$`),
    )
    const banner = page.getByRole('region', { name: 'The relay refused 1 of your messages' })
    await banner.getByText(TOO_LARGE).waitFor()
    await page.getByText(/^This device must repair the room before it can send here/).waitFor()
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true)

    // Not locked out: Bob's message still arrives, and Alice's refused one never reached him.
    await send(bob.page, 'Bob is still here')
    await message(page, 'Bob is still here', 'Bob').waitFor()
    await connection(page, 'online')
    expect(await message(bob.page, LONG_TEXT).count()).toBe(0)

    // The refusal survives a reload.
    await page.reload()
    await waitForState(page, LONG_TEXT, 'refused')
    await banner.waitFor()

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      banner.getByRole('button', { name: 'Export' }).click(),
    ])
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as ExportFile
    expect(exported.refused.map((refused) => JSON.parse(refused.entry.body).text)).toEqual([LONG_TEXT])

    await banner.getByRole('button', { name: 'Repair this room' }).click()
    const kept = page.getByRole('region', { name: 'Refused by the relay, kept on this device' })
    await kept.getByText(LONG_TEXT, { exact: true }).waitFor()
    await banner.waitFor({ state: 'detached' })
    await message(page, 'Bob is still here', 'Bob').waitFor()
    expect(await message(page, LONG_TEXT).count()).toBe(0)

    await send(page, 'Alice after the repair')
    await waitForState(page, 'Alice after the repair', 'stored')
    await message(bob.page, 'Alice after the repair', 'Alice').waitFor()

    await page.reload()
    await kept.getByText(LONG_TEXT, { exact: true }).waitFor()
    await kept.getByText(TOO_LARGE).waitFor()
    await waitForState(page, 'Alice after the repair', 'stored')
    await connection(page, 'online')
    expect(await message(bob.page, LONG_TEXT).count()).toBe(0)
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('sends again what was refused only for coming with a refused entry', async () => {
    const { relay, alice, bob } = await aliceAndBob(scene, { relayArgs: RELAY_ARGS })
    const { page } = alice
    // Written offline, both go to the relay in one update when it is back, and are refused together.
    await relay.kill()
    await connection(page, 'reconnecting', 'offline')
    await send(page, 'Written offline before it')
    await send(page, LONG_TEXT)
    await scene.relay({ port: relay.port, dataDir: relay.dataDir, args: RELAY_ARGS })
    await waitForState(page, 'Written offline before it', 'refused')
    await waitForState(page, LONG_TEXT, 'refused')
    expect(await message(page, 'Written offline before it').locator('.refused-note').textContent()).toBe(
      'Not sent: the relay refused it — it was sent with or after a message the relay refused',
    )
    const banner = page.getByRole('region', { name: 'The relay refused 2 of your messages' })
    await banner.getByText(TOO_LARGE).waitFor()

    await banner.getByRole('button', { name: 'Repair this room' }).click()
    await waitForState(page, 'Written offline before it', 'stored')
    await message(bob.page, 'Written offline before it', 'Alice').waitFor()
    const kept = page.getByRole('region', { name: 'Refused by the relay, kept on this device' })
    await kept.getByText(LONG_TEXT, { exact: true }).waitFor()
    expect(await kept.getByText('Written offline before it').count()).toBe(0)
    expect(await message(bob.page, LONG_TEXT).count()).toBe(0)
    expect(consoleProblems([alice, bob], RELAY_DOWN_NOISE)).toEqual([])
  })
})
