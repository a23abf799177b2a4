import { envelopeOf, signingBytes } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { appendMessage } from '../room/append'
import { getLog } from '../room/log'
import { createTestPerson, docWithClient, ROOM, syncDocs, type TestPerson, verify } from '../room/testing'
import { appendPin } from './appendPin'
import { foldPins } from './pinRules'
import { createPinsFold, type PinsFold } from './pinsFold'

const alice = await createTestPerson('Alice')
const bob = await createTestPerson('Bob')
const carol = await createTestPerson('Carol')

async function settled(fold: PinsFold): Promise<string[]> {
  await fold.whenSettled()
  return fold.get().pins.map((pin) => pin.target)
}

async function control(doc: Y.Doc, person: TestPerson, fields: Record<string, unknown>) {
  const body = JSON.stringify({ v: 2, ts: 1, ...fields })
  getLog(doc).push([
    envelopeOf(person.key, body, await person.signer.sign(signingBytes(ROOM, person.key, body))),
  ])
}

describe('pins', () => {
  it('pins and unpins messages, newest pin first, for anyone in a room without roles', async () => {
    const doc = docWithClient(1)
    const fold = createPinsFold(doc, { room: ROOM, verify })
    const first = await appendMessage(alice.writer(doc), 'first', 1)
    const second = await appendMessage(bob.writer(doc), 'second', 2)
    await appendPin(doc, ROOM, bob.signer, { target: first?.entry.id ?? '', on: true })
    await appendPin(doc, ROOM, alice.signer, { target: second?.entry.id ?? '', on: true })
    expect(await settled(fold)).toEqual([second?.entry.id, first?.entry.id])
    expect(fold.get().pins[1]?.by).toBe(bob.key)
    await appendPin(doc, ROOM, alice.signer, { target: second?.entry.id ?? '', on: false })
    expect(await settled(fold)).toEqual([first?.entry.id])
    fold.close()
  })

  it('resolves a concurrent pin and unpin by log order, the same for both peers', async () => {
    const one = docWithClient(1)
    const two = docWithClient(2)
    const message = await appendMessage(alice.writer(one), 'pin me', 1)
    const target = message?.entry.id ?? ''
    syncDocs(one, two)
    // Pinned by Alice, then offline at once: Bob unpins, Alice pins again.
    await appendPin(one, ROOM, alice.signer, { target, on: true })
    syncDocs(one, two)
    await appendPin(two, ROOM, bob.signer, { target, on: false })
    await appendPin(one, ROOM, alice.signer, { target, on: true })
    syncDocs(one, two)
    const folds = [createPinsFold(one, { room: ROOM, verify }), createPinsFold(two, { room: ROOM, verify })]
    const [a, b] = await Promise.all(folds.map(settled))
    expect(a).toEqual(b)
    // Whoever is last in the (shared) log order wins.
    const last = getLog(one).toArray().at(-1) as { key: string; body: string }
    expect(a).toEqual(JSON.parse(last.body).on ? [target] : [])
    for (const fold of folds) fold.close()
  })

  it('once the room has roles, only moderators and owners pin', async () => {
    const doc = docWithClient(1)
    const fold = createPinsFold(doc, { room: ROOM, verify })
    await appendMessage(alice.writer(doc), 'Alice made this room', 1)
    const message = await appendMessage(bob.writer(doc), 'something', 2)
    const target = message?.entry.id ?? ''
    await control(doc, alice, { type: 'role', target: carol.key, level: 50 })
    await appendPin(doc, ROOM, bob.signer, { target, on: true })
    expect(await settled(fold)).toEqual([])
    expect(fold.get().hasRoles).toBe(true)
    expect(fold.get().mayPin(bob.key)).toBe(false)
    expect(fold.get().mayPin(carol.key)).toBe(true)
    await appendPin(doc, ROOM, carol.signer, { target, on: true })
    expect(await settled(fold)).toEqual([target])
    fold.close()
  })

  it('ignores pins with a bad signature and bodies it does not read', () => {
    const board = foldPins([
      { author: alice.key, body: { v: 2, type: 'message', ts: 1, text: 'x' } },
      { author: bob.key, body: { v: 2, type: 'pin', ts: 2, target: '', on: true } },
      { author: bob.key, body: { v: 2, type: 'pin', ts: 2, target: 'ok', on: 'yes' } },
      { author: bob.key, body: { v: 3, type: 'pin', ts: 2, target: 'ok', on: true } },
      { author: bob.key, body: { v: 2, type: 'pin', ts: 2, target: 'ok', on: true } },
    ])
    expect(board.pins.map((pin) => pin.target)).toEqual(['ok'])
  })

  it('does not apply a pin whose signature is not its author’s', async () => {
    const doc = docWithClient(1)
    const fold = createPinsFold(doc, { room: ROOM, verify })
    const body = JSON.stringify({ v: 2, type: 'pin', ts: 1, target: 'x', on: true })
    const forged = envelopeOf(alice.key, body, await bob.signer.sign(signingBytes(ROOM, alice.key, body)))
    getLog(doc).push([forged])
    expect(await settled(fold)).toEqual([])
    fold.close()
  })
})
