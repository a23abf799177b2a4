// Moderation in real browsers: the room's creator (its owner) hides a message and bans a member;
// both pages fold the same signed entries, and the relay refuses the banned key.
import type { BrowserContext, Locator, Page, WebSocketRoute } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { aliceAndBob, arrive, connection, consoleProblems, createRoom, joinRoom, message, send } from './chat'
import { useScene } from './scene'

async function action(article: Locator, name: string): Promise<Locator> {
  await article.hover()
  return article.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name, exact: true })
}

function hiddenBy(page: Page, name: string): Locator {
  return page
    .getByRole('log', { name: 'Conversation' })
    .locator('.message-hidden', { hasText: `hidden by ${name}` })
}

/** Opens the profile card of the author of `article` (a click on their name). */
async function openCard(page: Page, author: string): Promise<Locator> {
  await page
    .getByRole('log', { name: 'Conversation' })
    .getByRole('button', { name: author, exact: true })
    .first()
    .click()
  return page.getByRole('dialog', { name: author })
}

/** Routes the context's websockets to the relay until `off()`: then they close and cannot open. */
async function cuttable(context: BrowserContext) {
  let offline = false
  const open = new Set<WebSocketRoute>()
  await context.routeWebSocket(/.*/, (ws) => {
    if (offline) return void ws.close({ code: 1011, reason: 'cut off' })
    open.add(ws)
    ws.connectToServer()
    ws.onClose(() => open.delete(ws))
  })
  return {
    async off() {
      offline = true
      await Promise.all([...open].map((ws) => ws.close({ code: 1011, reason: 'cut off' })))
    },
    on() {
      offline = false
    },
  }
}

describe('moderation', () => {
  const scene = useScene()

  it('an owner hides a message and both see it hidden, then restores it', async () => {
    const { alice, bob } = await aliceAndBob(scene)
    await send(bob.page, 'buy cheap watches')
    await message(alice.page, 'buy cheap watches', 'Bob').waitFor()
    // Bob is no moderator: his own toolbar offers no Hide.
    await message(bob.page, 'buy cheap watches').hover()
    expect(await message(bob.page, 'buy cheap watches').getByRole('button', { name: 'Hide' }).count()).toBe(0)

    await (await action(message(alice.page, 'buy cheap watches'), 'Hide')).click()
    await hiddenBy(alice.page, 'Alice').waitFor()
    await hiddenBy(bob.page, 'Alice').waitFor()
    expect(await message(bob.page, 'buy cheap watches').count()).toBe(0)

    const hiddenRow = alice.page.locator('article', { has: alice.page.locator('.message-hidden') })
    await (await action(hiddenRow, 'Restore')).click()
    await message(bob.page, 'buy cheap watches', 'Bob').waitFor()
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('a banned member sees that they are banned, and nothing new of theirs reaches anyone', async () => {
    const relay = await scene.relay()
    const alice = await scene.person('alice')
    const bob = await scene.person('bob')
    // Bob's websockets go through a switch, so he can be cut off from the relay (Chromium's
    // offline mode leaves open websockets alone).
    const cut = await cuttable(bob.context)
    await arrive(alice.page, `http://127.0.0.1:${relay.port}/`, 'Alice')
    const roomUrl = await createRoom(alice.page)
    await joinRoom(bob.page, roomUrl, 'Bob')
    await send(bob.page, 'before the ban')
    await message(alice.page, 'before the ban', 'Bob').waitFor()
    // Bob is away when Alice bans him, and writes before he hears of it.
    await cut.off()
    await connection(bob.page, 'offline', 'reconnecting')
    const card = await openCard(alice.page, 'Bob')
    await card.getByRole('button', { name: 'Ban' }).click()
    await card.getByText('Bob is member, banned in this room.').waitFor()
    await card.getByRole('button', { name: 'Close' }).click()
    await send(bob.page, 'written while banned')
    cut.on()

    await bob.page.getByRole('alert').filter({ hasText: 'You are banned from this room' }).waitFor()
    expect(await bob.page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true)
    // Alice writes after the ban; once Bob has it, anything of his would have reached her first.
    await send(alice.page, 'Alice is still here')
    await message(bob.page, 'Alice is still here', 'Alice').waitFor()
    expect(await message(alice.page, 'written while banned').count()).toBe(0)
    expect(await message(alice.page, 'before the ban', 'Bob').count()).toBe(1)
    // The relay refused what he wrote while banned, and his page says so.
    await bob.page.getByRole('heading', { name: /The relay refused 1 of your messages/ }).waitFor()
    await bob.page
      .getByText(/this key is banned from the room/)
      .first()
      .waitFor()
  })
})
