// Read receipts in real Chromium: "Seen by" shows only when both people share receipts.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { aliceAndBob, connection, consoleProblems, message, openSettings, send } from './chat'
import { useScene } from './scene'

async function shareReceipts(page: Page, roomUrl: string): Promise<void> {
  await openSettings(page)
  await page.getByRole('checkbox', { name: 'Share read receipts' }).check()
  await page.goto(roomUrl)
  await connection(page, 'online')
}

describe('read receipts', () => {
  const scene = useScene()

  it('shows "seen by" only when both people share receipts', async () => {
    const { alice, bob, roomUrl } = await aliceAndBob(scene)
    await shareReceipts(bob.page, roomUrl)
    await send(alice.page, 'Are you there?')
    await message(bob.page, 'Are you there?', 'Alice').waitFor()
    // Bob's receipt is written when he sees it, before his answer: Alice has it with the answer.
    await send(bob.page, 'Yes')
    await message(alice.page, 'Yes', 'Bob').waitFor()
    expect(await alice.page.getByText(/^Seen by/).count()).toBe(0)
    expect(await bob.page.getByText(/^Seen by/).count()).toBe(0)

    await shareReceipts(alice.page, roomUrl)
    await alice.page.getByText('Seen by Bob').first().waitFor()
    await bob.page.getByText('Seen by Alice').first().waitFor()
    expect(consoleProblems([alice, bob])).toEqual([])
  })
})
