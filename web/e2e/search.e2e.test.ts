// Search on one device with the relay down: words found in two rooms read from IndexedDB, and a
// result opens its room at the message; a thread reply's result opens its thread at the reply.
import { describe, expect, it } from 'vitest'
import {
  arrive,
  connection,
  consoleProblems,
  createRoom,
  message,
  messageAction,
  RELAY_DOWN_NOISE,
  renameRoom,
  send,
  waitForState,
} from './chat'
import { useScene } from './scene'

describe('search', () => {
  const scene = useScene()

  it('finds a message across two rooms with the relay down and jumps to it', async () => {
    const relay = await scene.relay()
    const alice = await scene.person('alice')
    const { page } = alice
    await arrive(page, `http://127.0.0.1:${relay.port}/`, 'Alice')
    const zooUrl = await createRoom(page)
    await renameRoom(page, 'Zoo')
    await send(page, 'The zebra escaped again')
    await send(page, 'Nothing to see here')
    await waitForState(page, 'Nothing to see here', 'stored')
    await createRoom(page)
    await renameRoom(page, 'Savanna')
    await send(page, 'Zebras and lions at dusk')
    await waitForState(page, 'Zebras and lions at dusk', 'stored')

    await relay.kill()
    await connection(page, 'reconnecting', 'offline')
    // The sidebar's search box finds rooms by name as you type; Enter searches their messages.
    const find = page.getByRole('searchbox', { name: 'Find a room' })
    await find.fill('zebra')
    await find.press('Enter')
    await page.waitForURL(/\/search\?q=zebra$/)
    expect(await page.getByRole('searchbox', { name: 'Search messages' }).inputValue()).toBe('zebra')
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem')
    await page.getByRole('status').filter({ hasText: '2 messages found' }).waitFor()
    const texts = await results.allTextContents()
    expect(texts[0]).toMatch(/^Savanna · Alice · .*Zebras and lions at dusk$/)
    expect(texts[1]).toMatch(/^Zoo · Alice · .*The zebra escaped again$/)
    expect(await results.locator('mark').allTextContents()).toEqual(['Zebra', 'zebra'])

    await results.nth(1).getByRole('link').click()
    await page.waitForURL((url) => `${url.origin}${url.pathname}` === zooUrl && url.hash.length > 1)
    await message(page, 'The zebra escaped again', 'Alice').waitFor()
    // The list scrolled to the message and focused it.
    await page.waitForFunction(
      () => document.activeElement?.getAttribute('data-entry-id') === location.hash.slice(1),
    )

    // In a room, "This room" is the default scope.
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('searchbox', { name: 'Search messages' }).fill('zeb')
    await page.getByRole('status').filter({ hasText: '1 message found' }).waitFor()
    await page.getByRole('radio', { name: 'All rooms' }).check()
    await page.getByRole('status').filter({ hasText: '2 messages found' }).waitFor()
    expect(consoleProblems([alice], RELAY_DOWN_NOISE)).toEqual([])
  })

  it('opens a thread reply found by search in its thread, at the reply', async () => {
    const relay = await scene.relay()
    const alice = await scene.person('alice')
    const { page } = alice
    await arrive(page, `http://127.0.0.1:${relay.port}/`, 'Alice')
    const roomUrl = await createRoom(page)
    await renameRoom(page, 'Food')
    await send(page, 'Where shall we eat?')
    await (await messageAction(message(page, 'Where shall we eat?'), 'Reply in thread')).click()
    const thread = page.getByRole('complementary', { name: 'Thread' })
    const box = thread.getByRole('textbox', { name: 'Reply in thread' })
    await box.fill('The noodle place downtown')
    await box.press('Enter')
    const reply = thread.locator('article[data-entry-id]', { hasText: 'The noodle place downtown' })
    await reply.waitFor()
    const replyId = await reply.getAttribute('data-entry-id')
    await page.getByRole('button', { name: 'Close thread' }).click()
    await thread.waitFor({ state: 'detached' })

    await page.goto(`${new URL(roomUrl).origin}/search?q=noodle`)
    const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem')
    await page.getByRole('status').filter({ hasText: '1 message found' }).waitFor()
    await results.first().getByRole('link').click()
    await page.waitForURL((url) => url.hash === `#${replyId}`)
    await reply.and(page.locator('.message-highlight')).waitFor()
    expect(await thread.getByText('1 reply').count()).toBe(1)
    expect(consoleProblems([alice])).toEqual([])
  })
})
