import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendJoin, appendMessage, appendProfile } from './append'
import { getLog } from './log'
import { createTestPerson, docWithClient, foldOf, syncDocs, verified, viewOf } from './testing'
import type { RoomWriter } from './writer'

const alice = await createTestPerson('Alice', '#1971c2')
const bob = await createTestPerson('Bob', '#2f9e44')

function profile(writer: RoomWriter, seq: number, name: string, now?: number) {
  return appendProfile(writer, { seq, name, color: '#c2255c', avatar: null, status: `${name}'s status` }, now)
}

describe('profiles', () => {
  it('names signed authors only from their own profile entries', async () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    const writer = alice.writer(doc)
    await appendMessage(writer, 'before any profile')
    expect(fold.getSnapshot().timeline[0]?.author).toMatchObject({
      id: alice.key,
      name: `Unnamed ${alice.key.slice(0, 6)}`,
    })
    await profile(writer, 1, 'Alice')
    await appendJoin(writer)
    const view = fold.getSnapshot()
    expect(view.timeline[0]?.author).toEqual({
      id: alice.key,
      name: 'Alice',
      color: '#c2255c',
      avatar: null,
      status: "Alice's status",
      verified: true,
    })
    expect(view.people.get(alice.key)?.name).toBe('Alice')
    expect(view.members.get(alice.key)?.name).toBe('Alice')
  })

  it('orders by the author seq: a far-future ts changes nothing, a higher seq wins', async () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    const writer = alice.writer(doc)
    await appendJoin(writer)
    const reply = await appendMessage(bob.writer(doc), 'hi')
    await profile(writer, 2, 'Alice Liddell', 1000)
    // A stale device writes seq 1 later in the log, claiming a time far in the future.
    await profile(writer, 1, 'Old Alice', Date.UTC(2999, 0, 1))
    expect(fold.getSnapshot().people.get(alice.key)?.name).toBe('Alice Liddell')
    const quoting = await appendMessage(bob.writer(doc), { text: 'yes', replyTo: reply?.entry.id })
    await profile(writer, 3, 'Alice L.', 1)
    const view = fold.getSnapshot()
    expect(view.members.get(alice.key)?.name).toBe('Alice L.')
    expect(view.timeline[0]).toMatchObject({ kind: 'join', author: { name: 'Alice L.' } })
    expect(view.timeline.find((item) => item.entryId === quoting?.entry.id)).toMatchObject({
      quote: { author: { id: bob.key } },
    })
  })

  it('renames every item and quote of a person when their new profile arrives', async () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    const writer = alice.writer(doc)
    await profile(writer, 1, 'Alice')
    const original = await appendMessage(writer, 'original')
    await appendMessage(bob.writer(doc), { text: 'reply', replyTo: original?.entry.id })
    await profile(writer, 2, 'Alicia')
    const [first, second] = fold.getSnapshot().timeline
    expect(first?.author.name).toBe('Alicia')
    expect(second).toMatchObject({ quote: { author: { name: 'Alicia' } } })
    expect(viewOf(fold)).toEqual(viewOf(await verified(foldOf(copyOf(doc)))))
  })

  it('breaks a tie of two devices offline by entry id, the same on every peer', async () => {
    const a = docWithClient(1)
    const b = docWithClient(2)
    const fromA = await profile(alice.writer(a), 4, 'Alice from A')
    const fromB = await profile(alice.writer(b), 4, 'Alice from B')
    const winner = (fromA?.entry.id ?? '') > (fromB?.entry.id ?? '') ? 'Alice from A' : 'Alice from B'
    const foldA = foldOf(a)
    const foldB = foldOf(b)
    syncDocs(a, b)
    await Promise.all([foldA.whenVerified(), foldB.whenVerified()])
    expect(foldA.getSnapshot().people.get(alice.key)?.name).toBe(winner)
    expect(foldB.getSnapshot().people.get(alice.key)?.name).toBe(winner)
  })

  it('ignores a replayed old profile and profiles nobody can sign for someone else', async () => {
    const doc = docWithClient(1)
    const writer = alice.writer(doc)
    const first = await profile(writer, 1, 'Alice')
    await profile(writer, 2, 'Alice Liddell')
    const mallory = docWithClient(2)
    syncDocs(doc, mallory)
    getLog(mallory).push([first?.envelope])
    // Bob's profile body is Bob's, whatever it says: it names Bob.
    await profile(bob.writer(mallory), 1e9, 'Alice', Date.UTC(2999, 0, 1))
    const reader = docWithClient(3)
    const fold = foldOf(reader)
    syncDocs(mallory, reader)
    await fold.whenVerified()
    expect(fold.getSnapshot().people.get(alice.key)?.name).toBe('Alice Liddell')
    expect(fold.getSnapshot().people.get(bob.key)?.name).toBe('Alice')
    expect(fold.getSnapshot().verification.ignored.duplicate).toBe(1)
  })
})

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}
