// Pins in real Chromium: a message pinned by one person shows in the other's pinned list (which
// jumps to it), and an unpin by the other reaches the first.
import { describe, expect, it } from 'vitest'
import { aliceAndBob, consoleProblems, message, messageAction, send } from './chat'
import { useScene } from './scene'

describe('pins', () => {
  const scene = useScene()

  it('shows a pin to the other person, and an unpin back', async () => {
    const { alice, bob } = await aliceAndBob(scene)
    await send(alice.page, 'Meet at 5 by the fountain')
    await send(alice.page, 'Bring snacks')
    await (await messageAction(message(alice.page, 'Meet at 5 by the fountain'), 'Pin')).click()
    await message(alice.page, 'Meet at 5 by the fountain').getByText('Pinned').waitFor()

    const pinnedButton = bob.page.getByRole('button', { name: /^Pinned 1$/ })
    await pinnedButton.click()
    const list = bob.page.getByRole('region', { name: 'Pinned messages' })
    const entry = list.getByRole('button', { name: 'Alice Meet at 5 by the fountain' })
    await entry.waitFor()
    await entry.click()
    await bob.page.waitForFunction(() =>
      document.activeElement?.textContent?.includes('Meet at 5 by the fountain'),
    )

    await (await messageAction(message(bob.page, 'Meet at 5 by the fountain'), 'Unpin')).click()
    await alice.page.getByRole('button', { name: /^Pinned/ }).waitFor({ state: 'detached' })
    expect(await message(alice.page, 'Meet at 5 by the fountain').getByText('Pinned').count()).toBe(0)
    expect(consoleProblems([alice, bob])).toEqual([])
  })
})
