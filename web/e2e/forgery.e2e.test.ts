// A crafted client that writes validly signed entries with its own key tries to pass for Alice:
// to edit and retract her message, to rename her (a far-future profile of its own called "Alice",
// and a replay of her old profile), and to reuse her message's id (a replay). Nobody sees any of
// it; both pages only count it in the room's info. An entry with a bad signature is ignored too
// (or refused by the relay first, once it checks signatures).
import { parseEnvelope } from '@parley/protocol'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { provePresence } from '../src/chat/presenceProofs'
import { generateIdentityKeys } from '../src/identity/keys'
import { createSigner } from '../src/identity/signer'
import { appendEdit, appendProfile, appendRetract, createRoomWriter, getLog } from '../src/room'
import {
  aliceAndBob,
  connection,
  consoleProblems,
  conversation,
  message,
  messageTexts,
  openSettings,
  roomInfoSays,
  send,
} from './chat'
import { useScene } from './scene'
import { openNodeClient, pushAndLearnFate } from './seed'

const FAR_FUTURE = Date.UTC(2999, 0, 1)

/** The signed envelope in `values` whose body says `what`. */
function envelopeSaying(values: unknown[], what: RegExp) {
  for (const value of values) {
    const envelope = parseEnvelope(value)
    if (typeof envelope !== 'string' && what.test(envelope.body)) return envelope
  }
  throw new Error(`no entry says ${what}`)
}

/** What a person sees of the room that the forgeries aim at. */
async function seen(page: Page) {
  const target = message(page, 'Meet at noon', 'Alice Liddell')
  return {
    texts: await messageTexts(page),
    edited: await target.getByText('(edited)').count(),
    removed: await conversation(page).getByText('message removed').count(),
    aliceNamed: await conversation(page)
      .getByRole('article', { name: /^Alice, / })
      .count(),
  }
}

describe('a crafted client', () => {
  const scene = useScene()

  it("cannot edit, retract, rename or reuse the id of Alice's message, for anyone", async () => {
    const { relay, alice, bob, roomUrl } = await aliceAndBob(scene)
    await openSettings(alice.page)
    await alice.page.getByRole('textbox', { name: 'Your name' }).fill('Alice Liddell')
    await alice.page.getByRole('button', { name: 'Save profile' }).click()
    await alice.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor()
    await alice.page.goto(roomUrl)
    await connection(alice.page, 'online')
    await send(alice.page, 'Meet at noon')
    await message(bob.page, 'Meet at noon', 'Alice Liddell').waitFor()
    const before = await seen(bob.page)
    expect(before).toEqual({ texts: ['Meet at noon'], edited: 0, removed: 0, aliceNamed: 0 })

    const roomId = new URL(roomUrl).pathname.split('/').pop() ?? ''
    const crafted = await openNodeClient(relay.port, roomId)
    const log = getLog(crafted.doc).toArray()
    const noon = envelopeSaying(log, /"text":"Meet at noon"/)
    const oldProfile = envelopeSaying(log, /"type":"profile".*"name":"Alice"/)
    const noonId = noon.sig.slice(0, 22)
    const mallory = await generateIdentityKeys()
    const writer = createRoomWriter(
      crafted.doc,
      roomId,
      createSigner(mallory.keyPair.privateKey, mallory.key),
    )
    await appendEdit(writer, noonId, 'Meet at midnight')
    await appendRetract(writer, noonId)
    await appendProfile(
      writer,
      { seq: 1_000_000, name: 'Alice', color: '#c2255c', avatar: null, status: null },
      FAR_FUTURE,
    )
    // Replays of Alice's own envelopes: they verify, under her key, so only their ids give them away.
    const replayer = await openNodeClient(relay.port, roomId)
    expect(await pushAndLearnFate(replayer, [noon, oldProfile])).toBe('stored')

    for (const { page } of [alice, bob]) {
      await roomInfoSays(page, '2 entries ignored: change by someone other than the author')
      await roomInfoSays(page, '2 entries ignored: replayed copy')
      expect(await seen(page)).toEqual(before)
      await message(page, 'Meet at noon', 'Alice Liddell').waitFor()
    }

    // Alice's message with another body under her signature: a relay that checks signatures
    // refuses it; one that does not lets it through, and every client ignores it.
    const forger = await openNodeClient(relay.port, roomId)
    const forged = {
      key: noon.key,
      body: noon.body.replace('Meet at noon', 'Meet at midnight'),
      sig: noon.sig,
    }
    // When the relay refuses it, nobody receives it; the fold's own check is covered by unit tests.
    if ((await pushAndLearnFate(forger, [forged])) === 'stored') {
      for (const { page } of [alice, bob]) await roomInfoSays(page, '1 entry ignored: bad signature')
    }
    for (const { page } of [alice, bob]) expect(await seen(page)).toEqual(before)
    for (const client of [crafted, replayer, forger]) client.close()
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it("cannot show itself online or typing under Bob's key, even with a copy of his proof", async () => {
    const { relay, alice, bob, roomUrl } = await aliceAndBob(scene)
    const roomId = new URL(roomUrl).pathname.split('/').pop() ?? ''
    await alice.page.getByRole('list', { name: 'Online now' }).getByText('Bob').waitFor({ state: 'attached' })
    const crafted = await openNodeClient(relay.port, roomId)
    const { awareness } = crafted.provider
    const bobState = [...awareness.getStates().values()].find(
      (state) => (state as { user?: { name?: string } }).user?.name === 'Bob',
    ) as { user: { id: string; color: string }; proof: unknown } | undefined
    expect(bobState?.proof).toBeDefined()

    const mallory = await generateIdentityKeys()
    const signer = createSigner(mallory.keyPair.privateKey, mallory.key)
    const asBob = { user: { ...bobState?.user, name: 'Bob' }, typing: true }
    // Bob's own proof, copied from his state (it was signed for his client id), and no proof at all.
    for (const forged of [{ ...asBob, proof: bobState?.proof }, asBob]) {
      // First as itself, with a valid proof: "Mallory is typing…" shows its states reach Alice.
      awareness.setLocalState({
        user: { id: mallory.key, name: 'Mallory', color: '#c2255c' },
        typing: true,
        proof: await provePresence(roomId, awareness.clientID, signer),
      })
      await alice.page.getByText('Mallory is typing…').waitFor()
      awareness.setLocalState(forged)
      await alice.page.getByText('Mallory is typing…').waitFor({ state: 'detached' })
      expect(await alice.page.getByText('Bob is typing…').count()).toBe(0)
    }
    crafted.close()
    expect(consoleProblems([alice, bob])).toEqual([])
  })
})
