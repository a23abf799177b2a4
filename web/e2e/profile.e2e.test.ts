// A profile change (name, picture, status) made in Settings reaches the other person as a signed
// profile entry: their page shows the new name and picture on the messages and in the online
// list, and the profile card with the same safety number Alice's settings show.
import { createHash } from 'node:crypto'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  aliceAndBob,
  connection,
  consoleProblems,
  message,
  openSettings,
  ownSafetyNumber,
  send,
} from './chat'
import { solidPng } from './png'
import { useScene } from './scene'

/** Bob may ask for the picture before Alice's upload lands; the relay answers 404 and he asks again. */
const NOT_UPLOADED_YET = /Failed to load resource: the server responded with a status of 404/

/** Waits until an avatar of `scope` shows the picture with SHA-256 `hash`, decoded. */
async function pictureShown(page: Page, selector: string, hash: string): Promise<void> {
  await page.waitForFunction(
    ({ selector, hash }) =>
      [...document.querySelectorAll<HTMLImageElement>(`${selector} img.avatar`)].some(
        (img) =>
          img.getAttribute('src')?.startsWith(`/blobs/${hash}`) && img.complete && img.naturalWidth === 32,
      ),
    { selector, hash },
  )
}

describe('profiles', () => {
  const scene = useScene()

  it('reaches the other person: new name, picture and status, same safety number', async () => {
    const { alice, bob, roomUrl } = await aliceAndBob(scene)
    await send(alice.page, 'Hello from Alice')
    await message(bob.page, 'Hello from Alice', 'Alice').waitFor()

    await openSettings(alice.page)
    const safetyNumber = await ownSafetyNumber(alice.page)
    const png = solidPng(32, 32, [20, 160, 90])
    const hash = createHash('sha256').update(png).digest('hex')
    await alice.page.getByRole('textbox', { name: 'Your name' }).fill('Alice Liddell')
    await alice.page
      .getByLabel('Picture')
      .setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png })
    await alice.page.getByRole('textbox', { name: 'Status' }).fill('Down the rabbit hole')
    await alice.page.getByRole('button', { name: 'Save profile' }).click()
    await alice.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor()
    // Written to the room when she opens it again.
    await alice.page.goto(roomUrl)
    await connection(alice.page, 'online')

    await message(bob.page, 'Hello from Alice', 'Alice Liddell').waitFor()
    await pictureShown(bob.page, '[role="log"] article', hash)
    await bob.page.getByRole('list', { name: 'Online now' }).getByText('Alice Liddell').waitFor()
    await pictureShown(bob.page, '[aria-label="Online now"]', hash)
    await message(bob.page, 'Hello from Alice').getByRole('button', { name: 'Alice Liddell' }).click()
    const card = bob.page.getByRole('dialog', { name: 'Alice Liddell' })
    await card.getByText('Down the rabbit hole').waitFor()
    await card.getByText(/Compare this number with Alice Liddell in person or on a call/).waitFor()
    const number = card.locator('.fingerprint').filter({ hasText: /^\d{5}( \d{5}){5}$/ })
    await number.waitFor()
    expect(await number.textContent()).toBe(safetyNumber)
    expect(consoleProblems([alice, bob], [NOT_UPLOADED_YET])).toEqual([])
  })
})
