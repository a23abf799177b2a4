import { entryIdOf } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendEdit, appendMessage, appendReaction } from './append'
import type { RoomFold } from './fold'
import { getLog } from './log'
import {
  createTestPerson,
  docWithClient,
  foldOf,
  fullFold,
  seal,
  syncDocs,
  verified,
  writeProfile,
} from './testing'

const alice = await createTestPerson('Alice', '#1971c2')
const bob = await createTestPerson('Bob', '#2f9e44')
const carol = await createTestPerson('Carol', '#9c36b5')

function threadOf(fold: RoomFold, rootId: string) {
  const thread = fold.getSnapshot().threads.get(rootId)
  return thread && { count: thread.count, texts: thread.replies.map((reply) => reply.text) }
}

describe('threads', () => {
  it('keeps replies out of the timeline and shows them under their root', async () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    const a = alice.writer(doc)
    const b = bob.writer(doc)
    await writeProfile(a, alice)
    await writeProfile(b, bob)
    const root = await appendMessage(a, 'Where shall we eat?', 1)
    const rootId = root?.entry.id ?? ''
    await appendMessage(b, { text: 'The noodle place', thread: rootId }, 2)
    await appendMessage(a, { text: 'Yes!', thread: rootId }, 3)
    await appendMessage(b, 'Meanwhile in the room', 4)
    await verified(fold)
    const view = fold.getSnapshot()
    expect(view.timeline.map((item) => (item.kind === 'message' ? item.text : item.kind))).toEqual([
      'Where shall we eat?',
      'Meanwhile in the room',
    ])
    expect(view.messageCount).toBe(2)
    const thread = view.threads.get(rootId)
    expect(thread?.count).toBe(2)
    expect(thread?.replies.map((reply) => reply.text)).toEqual(['The noodle place', 'Yes!'])
    expect(thread?.lastRepliers.map((author) => author.name)).toEqual(['Alice', 'Bob'])
    expect([...(thread?.repliers ?? [])].sort()).toEqual([alice.key, bob.key].sort())
  })

  it('holds a reply that arrives before its root, and shows it once the root comes', async () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    await writeProfile(alice.writer(doc), alice)
    const rootEnvelope = await seal(alice, { type: 'message', text: 'The root' }, undefined, 1)
    const rootId = entryIdOf(rootEnvelope)
    const reply = await seal(bob, { type: 'message', text: 'An early reply', thread: rootId }, undefined, 2)
    getLog(doc).push([reply])
    await verified(fold)
    expect(fold.getSnapshot().timeline.some((item) => item.entryId === entryIdOf(reply))).toBe(false)
    expect(threadOf(fold, rootId)).toEqual({ count: 1, texts: ['An early reply'] })
    getLog(doc).push([rootEnvelope])
    await verified(fold)
    const view = fold.getSnapshot()
    expect(view.timeline.filter((item) => item.kind === 'message').map((item) => item.entryId)).toEqual([
      rootId,
    ])
    expect(threadOf(fold, rootId)).toEqual({ count: 1, texts: ['An early reply'] })
    // A reply that sits before its root in log order too: the full fold agrees.
    const full = await fullFold(doc)
    expect(threadOf(full, rootId)).toEqual({ count: 1, texts: ['An early reply'] })
  })

  it('applies edits and reactions to replies inside the thread', async () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    const a = alice.writer(doc)
    const b = bob.writer(doc)
    const root = await appendMessage(a, 'Root', 1)
    const rootId = root?.entry.id ?? ''
    const reply = await appendMessage(b, { text: 'typo', thread: rootId }, 2)
    await appendEdit(b, reply?.entry.id ?? '', 'fixed', 3)
    await appendReaction(a, { target: reply?.entry.id ?? '', emoji: '👍', on: true }, 4)
    // Someone else's edit of the reply changes nothing.
    await appendEdit(a, reply?.entry.id ?? '', 'hijacked', 5)
    await verified(fold)
    const thread = fold.getSnapshot().threads.get(rootId)
    expect(thread?.replies[0]).toMatchObject({ text: 'fixed', edited: true })
    expect(thread?.replies[0]?.reactions).toEqual([{ emoji: '👍', userIds: [alice.key], count: 1 }])
  })

  it('folds concurrent replies from offline peers into the same order as a full fold', async () => {
    const docs = [docWithClient(30), docWithClient(10), docWithClient(20)]
    const [first, second, third] = docs as [Y.Doc, Y.Doc, Y.Doc]
    const folds = docs.map((doc) => foldOf(doc))
    const root = await appendMessage(alice.writer(first), 'Root', 1)
    const rootId = root?.entry.id ?? ''
    syncDocs(first, second)
    syncDocs(first, third)
    const people = [alice, bob, carol]
    for (const [i, doc] of docs.entries()) {
      const writer = (people[i] ?? alice).writer(doc)
      for (let n = 0; n < 3; n++) await appendMessage(writer, { text: `${i}-${n}`, thread: rootId }, 10 + n)
    }
    syncDocs(first, second)
    syncDocs(second, third)
    syncDocs(first, third)
    for (const fold of folds) await verified(fold)
    const full = await fullFold(first)
    const expected = threadOf(full, rootId)
    expect(expected?.count).toBe(9)
    for (const fold of folds) expect(threadOf(fold, rootId)).toEqual(expected)
  })

  it('ignores a thread field that is not an id', async () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    const bad = await seal(alice, { type: 'message', text: 'x', thread: 'y'.repeat(65) }, undefined, 1)
    getLog(doc).push([bad])
    await verified(fold)
    expect(fold.getSnapshot().timeline).toEqual([])
    expect(fold.getSnapshot().threads.size).toBe(0)
  })
})
