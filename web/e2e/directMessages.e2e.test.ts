// Direct messages in real browsers: "Message privately" on a person's card derives the room the
// two share, the other person finds the invitation in the Direct messages section of their
// sidebar, and a blocked person's invitations no longer appear there.
import { describe, expect, it } from 'vitest'
import { aliceAndBob, arrive, connection, consoleProblems, message, send } from './chat'
import { invitations, messagePrivately } from './directMessages'
import { useScene } from './scene'

describe('direct messages', () => {
  const scene = useScene()

  it('appear in the other person’s list; once accepted, both write in the private room', async () => {
    const { alice, bob, roomUrl } = await aliceAndBob(scene)
    await send(bob.page, 'hi all')
    await message(alice.page, 'hi all', 'Bob').waitFor()
    const dmUrl = await messagePrivately(alice.page, 'Bob')
    expect(dmUrl).not.toBe(roomUrl)
    // Alice's contacts list Bob at once; Bob's invitation arrives through his inbox.
    await alice.page.getByRole('list', { name: 'Contacts' }).getByRole('link', { name: /Bob/ }).waitFor()
    const invitation = invitations(bob.page).filter({ hasText: 'Alice wants to message you privately' })
    await invitation.waitFor()
    await invitation.getByRole('button', { name: 'Accept' }).click()
    await bob.page.waitForURL(dmUrl)
    await connection(bob.page, 'online')
    await bob.page.getByRole('list', { name: 'Contacts' }).getByRole('link', { name: /Alice/ }).waitFor()

    await send(alice.page, 'just between us')
    await message(bob.page, 'just between us', 'Alice').waitFor()
    await send(bob.page, 'agreed')
    await message(alice.page, 'agreed', 'Bob').waitFor()
    // Each sees the other online through the private room.
    await bob.page
      .getByRole('list', { name: 'Contacts' })
      .getByRole('link', { name: /Alice.*online/ })
      .waitFor()
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('a blocked person’s invitations no longer appear', async () => {
    const { alice, bob, roomUrl } = await aliceAndBob(scene)
    const carol = await scene.person('carol')
    await arrive(carol.page, roomUrl, 'Carol')
    await connection(carol.page, 'online')
    await send(bob.page, 'hello from Bob')
    await message(alice.page, 'hello from Bob', 'Bob').waitFor()
    await message(carol.page, 'hello from Bob', 'Bob').waitFor()

    await messagePrivately(alice.page, 'Bob')
    const fromAlice = invitations(bob.page).filter({ hasText: 'Alice wants' })
    await fromAlice.waitFor()
    await fromAlice.getByRole('button', { name: 'Block' }).click()
    await fromAlice.waitFor({ state: 'detached' })

    // Alice invites again; Carol invites after her, so once Carol's shows, Alice's is in Bob's inbox too.
    await alice.page.goto(roomUrl)
    await connection(alice.page, 'online')
    await messagePrivately(alice.page, 'Bob')
    await messagePrivately(carol.page, 'Bob')
    await invitations(bob.page).filter({ hasText: 'Carol wants' }).waitFor()
    expect(await invitations(bob.page).filter({ hasText: 'Alice wants' }).count()).toBe(0)
  })
})
