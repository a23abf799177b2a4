// Threads in real Chromium: one person starts a thread under a message, the other answers in it,
// the root's reply count moves for both, and a reply counts as unread for a person in the thread
// who is elsewhere.
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
    await replyInThread(bob.page, 'Noodles it is')
    await root.getByRole('button', { name: /^2 replies/ }).waitFor()
    expect(await root.locator('.thread-last').textContent()).toMatch(/^Bob, Alice · last reply/)

    // For Alice, who is in the thread, Bob's reply is unread in the room she left.
    await roomLink(alice.page, 'Plans').getByText('1 unread').waitFor()
    await roomLink(alice.page, 'Plans').click()
    const aliceRoot = message(alice.page, 'Where shall we eat?', 'Alice')
    await aliceRoot.getByRole('button', { name: /^2 replies/ }).click()
    await pane(alice.page).locator('.message-text', { hasText: 'Noodles it is' }).waitFor()
    await roomLink(alice.page, 'Plans')
      .getByText(/unread/)
      .waitFor({ state: 'detached' })
    expect(consoleProblems([alice, bob])).toEqual([])
  })
})
