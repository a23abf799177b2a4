// Threads in real Chromium: one person starts a thread under a message, the other answers in it,
// the root's reply count moves for both, and a reply counts as unread (and a mention of them as a
// mention) for a person in the thread who is elsewhere; replies can be reacted to, edited, deleted,
// pinned and hidden like any message.
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  aliceAndBob,
  consoleProblems,
  createRoom,
  message,
  messageAction,
  renameRoom,
  roomLink,
  send,
} from './chat'
import { useScene } from './scene'

function pane(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Thread' })
}

/** The reply in the open thread whose text is exactly `text`. */
function reply(page: Page, text: string): Locator {
  return pane(page)
    .locator('article[data-entry-id]')
    .filter({ has: page.locator('.message-text', { hasText: new RegExp(`^${text}$`) }) })
}

async function replyInThread(page: Page, text: string): Promise<void> {
  const box = pane(page).getByRole('textbox', { name: 'Reply in thread' })
  await box.fill(text)
  await box.press('Enter')
  await pane(page).locator('.message-text', { hasText: text }).waitFor()
}

describe('threads', () => {
  const scene = useScene()

  it('is started by one person, answered by the other, with its count in the room for both', async () => {
    const { alice, bob } = await aliceAndBob(scene)
    await renameRoom(alice.page, 'Plans')
    await send(alice.page, 'Where shall we eat?')
    await send(alice.page, 'Something else entirely')
    await (await messageAction(message(alice.page, 'Where shall we eat?'), 'Reply in thread')).click()
    await replyInThread(alice.page, 'I vote noodles')
    // The reply is in the thread, not in the room's timeline.
    expect(await message(alice.page, 'I vote noodles').count()).toBe(0)
    await message(alice.page, 'Where shall we eat?')
      .getByRole('button', { name: /^1 reply/ })
      .waitFor()
    await alice.page.getByRole('button', { name: 'Close thread' }).click()
    await pane(alice.page).waitFor({ state: 'detached' })

    // Alice goes to another room; Bob answers in the thread.
    await createRoom(alice.page)
    await renameRoom(alice.page, 'Elsewhere')
    const root = message(bob.page, 'Where shall we eat?', 'Alice')
    await root.getByRole('button', { name: /^1 reply/ }).click()
    await pane(bob.page).locator('.message-text', { hasText: 'I vote noodles' }).waitFor()
    await replyInThread(bob.page, 'Noodles it is, @Alice')
    await root.getByRole('button', { name: /^2 replies/ }).waitFor()
    expect(await root.locator('.thread-last').textContent()).toMatch(/^Bob, Alice · last reply/)

    // For Alice, who is in the thread, Bob's reply is unread in the room she left, and a mention.
    await roomLink(alice.page, 'Plans').getByText('1 unread').waitFor()
    await roomLink(alice.page, 'Plans').getByText('@1 mention').waitFor()
    await roomLink(alice.page, 'Plans').click()
    const aliceRoot = message(alice.page, 'Where shall we eat?', 'Alice')
    await aliceRoot.getByRole('button', { name: /^2 replies/ }).click()
    await pane(alice.page).locator('.message-text', { hasText: 'Noodles it is' }).waitFor()
    await roomLink(alice.page, 'Plans')
      .getByText(/unread/)
      .waitFor({ state: 'detached' })
    expect(
      await roomLink(alice.page, 'Plans')
        .getByText(/mention/)
        .count(),
    ).toBe(0)
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('counts a mention in a thread one is not in, until its thread is read', async () => {
    const { alice, bob } = await aliceAndBob(scene)
    await renameRoom(alice.page, 'Plans')
    await send(bob.page, 'Who has the keys?')
    await (await messageAction(message(bob.page, 'Who has the keys?'), 'Reply in thread')).click()
    await replyInThread(bob.page, 'not me')
    await createRoom(alice.page)
    await renameRoom(alice.page, 'Elsewhere')
    // Alice neither wrote the root nor replied: only the reply that names her counts for her.
    await replyInThread(bob.page, 'ask @Alice')
    await roomLink(alice.page, 'Plans').getByText('@1 mention').waitFor()
    expect(await roomLink(alice.page, 'Plans').getByText('2 unread').count()).toBe(1)
    await roomLink(alice.page, 'Plans').click()
    await message(alice.page, 'Who has the keys?', 'Bob')
      .getByRole('button', { name: /^2 replies/ })
      .click()
    await reply(alice.page, 'ask @Alice').waitFor()
    await roomLink(alice.page, 'Plans')
      .getByText(/mention|unread/)
      .first()
      .waitFor({ state: 'detached' })
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('offers the usual actions on replies: react, edit and delete one’s own, pin, and hide', async () => {
    const { alice, bob } = await aliceAndBob(scene)
    await send(alice.page, 'Plans for Friday')
    await (await messageAction(message(alice.page, 'Plans for Friday'), 'Reply in thread')).click()
    await replyInThread(alice.page, 'Cinema at 8')
    await message(bob.page, 'Plans for Friday', 'Alice')
      .getByRole('button', { name: /^1 reply/ })
      .click()
    await replyInThread(bob.page, 'buy cheap watches')
    await reply(alice.page, 'buy cheap watches').waitFor()

    // Bob reacts to Alice's reply; she sees it.
    await (await messageAction(reply(bob.page, 'Cinema at 8'), 'React')).click()
    await reply(bob.page, 'Cinema at 8').getByRole('button', { name: 'React with 👍' }).click()
    await reply(alice.page, 'Cinema at 8').getByRole('button', { name: '👍 1', exact: true }).waitFor()

    // Alice edits her reply; Bob sees the new text. Bob may not edit hers.
    expect(await (await messageAction(reply(bob.page, 'Cinema at 8'), 'Edit')).count()).toBe(0)
    await (await messageAction(reply(alice.page, 'Cinema at 8'), 'Edit')).click()
    const editor = pane(alice.page).getByRole('textbox', { name: 'Edit message' })
    await editor.fill('Cinema at 9')
    await editor.press('Enter')
    await reply(bob.page, 'Cinema at 9').getByText('(edited)').waitFor()

    // Alice pins it; Bob's pinned list opens the thread at it.
    await (await messageAction(reply(alice.page, 'Cinema at 9'), 'Pin')).click()
    await alice.page.getByRole('button', { name: 'Close thread' }).click()
    await bob.page.getByRole('button', { name: 'Close thread' }).click()
    await bob.page.getByRole('button', { name: /^Pinned 1$/ }).click()
    await bob.page
      .getByRole('region', { name: 'Pinned messages' })
      .getByRole('button', { name: 'Alice Cinema at 9' })
      .click()
    await reply(bob.page, 'Cinema at 9').and(bob.page.locator('.message-highlight')).waitFor()

    // Alice, the room's owner, hides Bob's reply: both see it hidden. Bob is offered no Hide.
    await reply(bob.page, 'buy cheap watches').hover()
    expect(await reply(bob.page, 'buy cheap watches').getByRole('button', { name: 'Hide' }).count()).toBe(0)
    await message(alice.page, 'Plans for Friday')
      .getByRole('button', { name: /^2 replies/ })
      .click()
    await (await messageAction(reply(alice.page, 'buy cheap watches'), 'Hide')).click()
    await pane(bob.page).locator('.message-hidden', { hasText: 'hidden by Alice' }).waitFor()
    expect(await reply(bob.page, 'buy cheap watches').count()).toBe(0)

    // Alice deletes her own reply.
    await (await messageAction(reply(alice.page, 'Cinema at 9'), 'Delete')).click()
    await alice.page.getByRole('button', { name: 'Delete message' }).click()
    await pane(bob.page).getByText('message removed').waitFor()
    expect(await reply(bob.page, 'Cinema at 9').count()).toBe(0)
    expect(consoleProblems([alice, bob])).toEqual([])
  })
})
