// Two people in one room with the relay up: messages, names, presence, typing, the shared link,
// and text that must stay text.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { aliceAndBob, arrive, consoleProblems, conversation, joinRoom, message, roomMenu, send } from './chat'
import { useScene } from './scene'

const HTML_TEXT = '<img src=x onerror="window.__pwned=1"><b>bold</b><script>window.__pwned=2</script>'
const LINK_TEXT = 'docs at https://example.com/a?b=1, not javascript:alert(1)'

describe('chat with the relay up', () => {
  const scene = useScene()

  it('exchanges messages with names, presence and typing', async () => {
    const { alice, bob } = await aliceAndBob(scene)
    const online = (page: Page) => page.getByRole('list', { name: 'Online now' })
    await online(alice.page).getByRole('listitem').filter({ hasText: /^Bob$/ }).waitFor()
    await online(bob.page)
      .getByRole('listitem')
      .filter({ hasText: /^Alice$/ })
      .waitFor()
    expect(await online(alice.page).getByRole('listitem').allTextContents()).toEqual(['Alice (you)', 'Bob'])

    await bob.page.getByRole('textbox', { name: 'Message' }).fill('Hi Al')
    await alice.page.getByText('Bob is typing…').waitFor()
    await send(bob.page, 'Hi Alice, Bob here')
    await message(alice.page, 'Hi Alice, Bob here', 'Bob').waitFor()
    await alice.page.getByText('Bob is typing…').waitFor({ state: 'detached' })

    await send(alice.page, 'Hello Bob!')
    await message(bob.page, 'Hello Bob!', 'Alice').waitFor()
    await bob.page.getByText('Welcome, Bob!').waitFor()
    await alice.page.getByText('Bob joined').waitFor()
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('opens the copied link in a fresh context and joins the same room', async () => {
    const { relay, alice, roomUrl } = await aliceAndBob(scene)
    await send(alice.page, 'Read this before you join')
    await roomMenu(alice.page, 'Copy link')
    await alice.page.getByText('Link copied').waitFor()
    const link = await alice.page.evaluate(() => navigator.clipboard.readText())
    expect(link).toBe(roomUrl)

    const carol = await scene.person('carol')
    await arrive(carol.page, `http://127.0.0.1:${relay.port}/`, 'Carol')
    await carol.page.getByRole('textbox', { name: 'Room link' }).fill(link)
    await carol.page.getByRole('button', { name: 'Join' }).click()
    await message(carol.page, 'Read this before you join', 'Alice').waitFor()
    expect(carol.page.url()).toBe(roomUrl)
    await alice.page.getByRole('list', { name: 'Online now' }).getByText('Carol').waitFor()

    const dave = await scene.person('dave')
    await joinRoom(dave.page, link, 'Dave')
    await message(dave.page, 'Read this before you join', 'Alice').waitFor()
    expect(consoleProblems([alice, carol, dave])).toEqual([])
  })

  it('keeps the room list current for a room that is not open', async () => {
    const { relay, alice, bob } = await aliceAndBob(scene)
    await send(bob.page, 'First, seen by Alice')
    await message(alice.page, 'First, seen by Alice').waitFor()
    await alice.page.goto(`http://127.0.0.1:${relay.port}/`)
    const row = alice.page.getByRole('link', { name: /Untitled room/ })
    await row.getByText('Bob: First, seen by Alice').waitFor()
    expect(await row.getByText(/unread/).count()).toBe(0)

    await send(bob.page, 'Sent while Alice is on the home page')
    await row.getByText('Bob: Sent while Alice is on the home page').waitFor()
    await row.getByText(/1 unread/).waitFor()
    // Syncing in the background does not make Alice look present in the room.
    await bob.page.getByRole('list', { name: 'Online now' }).getByText('Alice').waitFor({ state: 'detached' })
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('shows text that looks like HTML literally and links only http(s) URLs', async () => {
    const { alice, bob } = await aliceAndBob(scene)
    await send(alice.page, HTML_TEXT)
    await send(alice.page, LINK_TEXT)
    await send(alice.page, 'javascript:alert(1)')
    await message(bob.page, 'javascript:alert(1)').waitFor()

    for (const { page } of [alice, bob]) {
      expect(await message(page, HTML_TEXT).locator('.message-text').textContent()).toBe(HTML_TEXT)
      expect(await conversation(page).locator('article b, article img, article script').count()).toBe(0)
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined()

      const links = conversation(page).locator('article a')
      expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
        'https://example.com/a?b=1',
      ])
      expect(await message(page, LINK_TEXT).locator('a').textContent()).toBe('https://example.com/a?b=1')
    }
    expect(consoleProblems([alice, bob])).toEqual([])
  })
})
