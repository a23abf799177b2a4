import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, appendRetract } from '../room'
import { createTestPerson, foldOf, syncDocs, verified, writeProfile } from '../room/testing'
import { furthest, newMention } from './newMention'

/** Alice's device held `before`; the relay then had what Bob wrote after it. */
async function scene() {
  const alice = await createTestPerson('Alice')
  const bob = await createTestPerson('Bob')
  const relay = new Y.Doc()
  const bobWrites = bob.writer(relay)
  await writeProfile(bobWrites, bob)
  await writeProfile(alice.writer(relay), alice)
  const device = new Y.Doc()
  const news = async () => {
    const known = Y.decodeStateVector(Y.encodeStateVector(device))
    syncDocs(relay, device)
    const fold = await verified(foldOf(device))
    return { timeline: fold.getSnapshot().timeline, known }
  }
  return { alice, bob, relay, bobWrites, device, news, self: { keys: [alice.key], name: 'Alice' } }
}

describe('newMention', () => {
  it('finds a new message by someone else mentioning this person by name', async () => {
    const { bobWrites, relay, device, news, self } = await scene()
    await appendMessage(bobWrites, 'hello everyone')
    syncDocs(relay, device)
    await appendMessage(bobWrites, 'over to you @alice, thanks')
    const { timeline, known } = await news()
    const found = newMention(timeline, known, self)
    expect(found?.text).toBe('over to you @alice, thanks')
    expect(found?.author.name).toBe('Bob')
  })

  it('does not announce a mention this device already held, nor a message without one', async () => {
    const { bobWrites, relay, device, news, self } = await scene()
    await appendMessage(bobWrites, 'earlier: @Alice look')
    syncDocs(relay, device)
    await appendMessage(bobWrites, 'nothing for @Alicia or alice@example.org')
    const { timeline, known } = await news()
    expect(newMention(timeline, known, self)).toBeNull()
  })

  it('ignores this person mentioning themselves and a retracted mention', async () => {
    const { alice, bobWrites, relay, device, news, self } = await scene()
    syncDocs(relay, device)
    await appendMessage(alice.writer(relay), 'note to @Alice')
    const wrong = await appendMessage(bobWrites, '@Alice wrong room')
    await appendRetract(bobWrites, wrong?.entry.id ?? '')
    const { timeline, known } = await news()
    expect(newMention(timeline, known, self)).toBeNull()
  })

  it('with nothing held before, only the newest message by someone else counts', async () => {
    const { bobWrites, news, self } = await scene()
    await appendMessage(bobWrites, 'long ago, @Alice')
    await appendMessage(bobWrites, 'and now something else')
    const { timeline, known } = await news()
    expect(known.size).toBe(0)
    expect(newMention(timeline, known, self)).toBeNull()
    await appendMessage(bobWrites, 'now @Alice')
    const again = await news()
    expect(newMention(again.timeline, new Map(), self)?.text).toBe('now @Alice')
  })

  it('does not count a forged message: the fold shows only verified entries', async () => {
    const { bob, relay, device, news, self } = await scene()
    syncDocs(relay, device)
    // Signed by Bob's key for another room: it does not verify here, so it is never shown.
    await appendMessage(bob.writer(relay, 'another-room'), '@Alice replayed')
    const { timeline, known } = await news()
    expect(timeline.some((item) => item.kind === 'message' && item.text === '@Alice replayed')).toBe(false)
    expect(newMention(timeline, known, self)).toBeNull()
  })
})

describe('furthest', () => {
  it('keeps, per writer, the further of two state vectors', () => {
    const a = new Map([
      [1, 5],
      [2, 3],
    ])
    const b = new Map([
      [2, 7],
      [3, 1],
    ])
    expect(furthest(a, b)).toEqual(
      new Map([
        [1, 5],
        [2, 7],
        [3, 1],
      ]),
    )
  })
})
