// Replies, reactions, edits, retractions and attachments between two people, through a real relay.
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  aliceAndBob,
  arrive,
  connection,
  consoleProblems,
  conversation,
  createRoom,
  joinRoom,
  message,
  RELAY_DOWN_NOISE,
  send,
  waitForServiceWorker,
} from './chat'
import { solidPng } from './png'
import { useScene } from './scene'
import { seedRoom } from './seed'

const HISTORY = 300
/** Bob may ask for an image before Alice's upload lands; the relay answers 404 and he asks again. */
const NOT_UPLOADED_YET = /Failed to load resource: the server responded with a status of 404/

/** The toolbar button `name` of `article` (shown on hover, as a person would see it). */
async function action(article: Locator, name: string): Promise<Locator> {
  await article.hover()
  return article.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name, exact: true })
}

async function inViewport(page: Page, article: Locator): Promise<boolean> {
  const box = await article.boundingBox()
  const scroller = await page.locator('.virtual-scroller').boundingBox()
  if (!box || !scroller) return false
  return box.y >= scroller.y - 1 && box.y + Math.min(box.height, 40) <= scroller.y + scroller.height + 1
}

describe('conversation features', () => {
  const scene = useScene()

  it('replies to a message far up the history and jumps back to it from the quote', async () => {
    const relay = await scene.relay()
    const seeder = await seedRoom(relay.port)
    const texts = Array.from({ length: HISTORY }, (_, i) =>
      i === 0 ? 'The very first message' : `history ${i}`,
    )
    await seeder.messages(await seeder.person('Carol'), texts)
    const roomUrl = `http://127.0.0.1:${relay.port}/r/${seeder.roomId}`
    const alice = await scene.person('alice')
    const bob = await scene.person('bob')
    await joinRoom(alice.page, roomUrl, 'Alice')
    await joinRoom(bob.page, roomUrl, 'Bob')
    await message(alice.page, `history ${HISTORY - 1}`).waitFor()
    seeder.close()

    await alice.page.locator('.virtual-scroller').evaluate((element) => element.scrollTo(0, 0))
    const first = message(alice.page, 'The very first message', 'Carol')
    await (await action(first, 'Reply')).click()
    await alice.page.getByText('Replying to Carol').waitFor()
    await send(alice.page, 'Answering the very first one')
    await alice.page.getByText('Replying to Carol').waitFor({ state: 'detached' })

    const reply = message(bob.page, 'Answering the very first one', 'Alice')
    await reply.waitFor()
    expect(await message(bob.page, 'The very first message').count()).toBe(0)
    await reply.getByRole('button', { name: /^Reply to Carol: The very first message/ }).click()
    const original = message(bob.page, 'The very first message', 'Carol')
    await original.waitFor()
    await bob.page.waitForFunction(() =>
      document.activeElement?.textContent?.includes('The very first message'),
    )
    expect(await inViewport(bob.page, original)).toBe(true)
    expect(await original.getAttribute('class')).toContain('message-highlight')
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('shows reactions with counts and who reacted, and toggles them off', async () => {
    const { alice, bob } = await aliceAndBob(scene)
    await send(alice.page, 'Lunch at noon?')
    const onBob = message(bob.page, 'Lunch at noon?', 'Alice')
    await onBob.waitFor()
    await (await action(onBob, 'React')).click()
    await onBob.getByRole('button', { name: 'React with 👍' }).click()

    const onAlice = message(alice.page, 'Lunch at noon?')
    const chip = (article: Locator, name: string) => article.getByRole('button', { name, exact: true })
    await chip(onAlice, '👍 1').waitFor()
    expect(await chip(onAlice, '👍 1').getAttribute('title')).toBe('Bob reacted with 👍')
    await chip(onAlice, '👍 1').click()
    await chip(onBob, '👍 2').waitFor()
    expect(await chip(onBob, '👍 2').getAttribute('title')).toBe('you and Alice reacted with 👍')

    await chip(onBob, '👍 2').click()
    await chip(onAlice, '👍 1').waitFor()
    expect(await chip(onAlice, '👍 1').getAttribute('title')).toBe('you reacted with 👍')
    await chip(onAlice, '👍 1').click()
    await onBob.getByRole('list', { name: 'Reactions' }).waitFor({ state: 'detached' })
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('shows an edit as edited with the earlier text, and a retraction as removed', async () => {
    const { alice, bob } = await aliceAndBob(scene)
    await send(alice.page, 'Meet at 5')
    await message(bob.page, 'Meet at 5', 'Alice').waitFor()
    expect(await (await action(message(bob.page, 'Meet at 5'), 'Reply')).count()).toBe(1)
    expect(await message(bob.page, 'Meet at 5').getByRole('button', { name: 'Edit' }).count()).toBe(0)

    await (await action(message(alice.page, 'Meet at 5'), 'Edit')).click()
    const editor = alice.page.getByRole('textbox', { name: 'Edit message' })
    await editor.fill('Meet at 6')
    await editor.press('Enter')
    const edited = message(bob.page, 'Meet at 6', 'Alice')
    await edited.waitFor()
    await edited.getByText('(edited)').click()
    expect(await edited.getByRole('list', { name: 'Earlier versions' }).textContent()).toBe('Meet at 5')

    await (await action(message(alice.page, 'Meet at 6'), 'Delete')).click()
    await alice.page.getByRole('button', { name: 'Delete message' }).click()
    await bob.page.getByText('message removed').waitFor()
    expect(await message(bob.page, 'Meet at 6').count()).toBe(0)
    expect(await conversation(bob.page).getByText('Meet at 5').count()).toBe(0)
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('sends an image that the other person sees, also after a reload with the relay down', async () => {
    const { relay, alice, bob } = await aliceAndBob(scene)
    await Promise.all([waitForServiceWorker(alice.page), waitForServiceWorker(bob.page)])
    const png = solidPng(64, 32, [200, 40, 40])
    await alice.page
      .getByLabel('Attach')
      .setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: png })

    const loaded = (page: Page) =>
      page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('article img[alt="red.png"]')
        return img?.complete === true && img.naturalWidth === 64 && img.naturalHeight === 32
      })
    await loaded(alice.page)
    await alice.page.getByText('uploading…').waitFor({ state: 'detached' })
    await loaded(bob.page)
    const box = await bob.page.locator('article img[alt="red.png"]').boundingBox()
    expect(box && Math.round(box.width / box.height)).toBe(2)

    await relay.kill()
    for (const { page } of [bob, alice]) {
      await page.reload()
      await connection(page, 'offline', 'reconnecting')
      await loaded(page)
    }
    expect(consoleProblems([alice, bob], [...RELAY_DOWN_NOISE, NOT_UPLOADED_YET])).toEqual([])
  })

  it('refuses a file over the relay limit with a clear message', async () => {
    const relay = await scene.relay()
    const alice = await scene.person('alice')
    await arrive(alice.page, `http://127.0.0.1:${relay.port}/`, 'Alice')
    await createRoom(alice.page)
    const big = Buffer.alloc(10 * 1024 * 1024 + 1)
    await alice.page
      .getByLabel('Attach')
      .setInputFiles({ name: 'big.bin', mimeType: 'application/zip', buffer: big })
    await alice.page
      .getByRole('alert')
      .filter({ hasText: /“big\.bin” is too large/ })
      .waitFor()
    expect(await conversation(alice.page).locator('.attachments').count()).toBe(0)
  })
})
