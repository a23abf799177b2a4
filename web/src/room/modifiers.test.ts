import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendEdit, appendMessage, appendReaction, appendRetract } from './append'
import { getLog } from './log'
import { createTestPerson, docWithClient, foldOf, syncDocs, verified, viewOf, writeProfile } from './testing'
import type { MessageItem, RoomSnapshot } from './timeline'

const HASH = 'a'.repeat(64)
const alice = await createTestPerson('Alice')
const bob = await createTestPerson('Bob', '#2f9e44')

function messageById(view: RoomSnapshot, entryId: string): MessageItem {
  const item = view.timeline.find((candidate) => candidate.entryId === entryId)
  if (item?.kind !== 'message') throw new Error(`no message ${entryId}`)
  return item
}

function attachment() {
  return { hash: HASH, name: 'cat.png', type: 'image/png', size: 1234, width: 640, height: 480 }
}

/** Sends a message as `person` on a fresh doc; returns the doc, its fold and the message id. */
async function roomWithMessage(text: string) {
  const doc = new Y.Doc()
  const fold = foldOf(doc)
  const sent = await appendMessage(alice.writer(doc), text, 1)
  if (!sent) throw new Error('not sent')
  return { doc, fold, id: sent.entry.id }
}

describe('edits and retractions', () => {
  it('shows the last edit by the author, keeping the earlier texts', async () => {
    const { doc, fold, id } = await roomWithMessage('helo')
    const writer = alice.writer(doc)
    await appendEdit(writer, id, 'hello', 2)
    await appendEdit(writer, id, 'hello!', 3)
    const item = messageById(fold.getSnapshot(), id)
    expect(item).toMatchObject({ text: 'hello!', edited: true, previousTexts: ['helo', 'hello'] })
    expect(fold.getSnapshot().timeline).toHaveLength(1)
    expect(fold.getSnapshot().lastMessage).toBe(item)
  })

  it('replaces a retracted message by the fact of its removal, and ignores later edits', async () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    const writer = alice.writer(doc)
    const sent = await appendMessage(writer, { text: 'oops', attachments: [attachment()] }, 1)
    const id = sent?.entry.id ?? ''
    const b = docWithClient(9)
    syncDocs(doc, b)
    await appendReaction(bob.writer(b), { target: id, emoji: '👍', on: true })
    syncDocs(doc, b)
    await appendRetract(writer, id)
    await appendEdit(writer, id, 'back again')
    await fold.whenVerified()
    expect(messageById(fold.getSnapshot(), id)).toMatchObject({
      text: '',
      retracted: true,
      edited: false,
      previousTexts: [],
      reactions: [],
      attachments: [],
    })
  })

  it("ignores and counts signed edits and retractions of someone else's message on every peer", async () => {
    const a = docWithClient(1)
    const b = docWithClient(2)
    const sent = await appendMessage(alice.writer(a), 'mine', 1)
    const id = sent?.entry.id ?? ''
    syncDocs(a, b)
    const mallory = bob.writer(b)
    // Bob even calls himself Alice: a name is not an identity.
    await writeProfile(mallory, bob, 99, 'Alice')
    await appendEdit(mallory, id, 'forged by bob')
    await appendRetract(mallory, id)
    syncDocs(a, b)
    for (const doc of [a, b]) {
      const view = (await verified(foldOf(doc))).getSnapshot()
      expect(messageById(view, id)).toMatchObject({
        text: 'mine',
        edited: false,
        retracted: false,
        author: { id: alice.key },
      })
      expect(view.verification.ignored.wrongAuthor).toBe(2)
    }
  })
})

describe('reactions', () => {
  it('counts who reacted with what, and a second toggle removes it', async () => {
    const { doc, fold, id } = await roomWithMessage('lunch?')
    const a = alice.writer(doc)
    const b = bob.writer(doc)
    await appendReaction(b, { target: id, emoji: '👍', on: true })
    await appendReaction(a, { target: id, emoji: '👍', on: true })
    await appendReaction(a, { target: id, emoji: '🎉', on: true })
    expect(messageById(fold.getSnapshot(), id).reactions).toEqual([
      { emoji: '👍', userIds: [bob.key, alice.key], count: 2 },
      { emoji: '🎉', userIds: [alice.key], count: 1 },
    ])
    await appendReaction(a, { target: id, emoji: '🎉', on: false })
    await appendReaction(b, { target: id, emoji: '👍', on: false })
    await appendReaction(b, { target: id, emoji: '👍', on: false })
    expect(messageById(fold.getSnapshot(), id).reactions).toEqual([
      { emoji: '👍', userIds: [alice.key], count: 1 },
    ])
  })

  it('ignores a replayed reaction: the first copy in log order is the one that counts', async () => {
    const a = docWithClient(1)
    const { doc, fold, id } = await roomWithMessage('vote')
    syncDocs(doc, a)
    const on = await appendReaction(bob.writer(a), { target: id, emoji: '👍', on: true })
    await appendReaction(bob.writer(a), { target: id, emoji: '👍', on: false })
    syncDocs(doc, a)
    // Someone copies Bob's "on" to the end of the log to put his reaction back.
    const replayer = docWithClient(7)
    syncDocs(doc, replayer)
    getLog(replayer).push([on?.envelope])
    syncDocs(doc, replayer)
    await fold.whenVerified()
    expect(messageById(fold.getSnapshot(), id).reactions).toEqual([])
    expect(fold.getSnapshot().verification.ignored.duplicate).toBe(1)
  })

  it('converges when two devices of one person and another person toggle concurrently', async () => {
    const a = docWithClient(1)
    const b = docWithClient(2)
    const foldA = foldOf(a)
    const foldB = foldOf(b)
    const id = (await appendMessage(alice.writer(a), 'vote', 1))?.entry.id ?? ''
    syncDocs(a, b)
    // Both of Alice's devices saw no reaction, so each toggle writes on: true; Bob toggles off.
    await appendReaction(alice.writer(a), { target: id, emoji: '👍', on: true })
    await appendReaction(alice.writer(b), { target: id, emoji: '👍', on: true })
    await appendReaction(bob.writer(a), { target: id, emoji: '❤️', on: true })
    await appendReaction(bob.writer(b), { target: id, emoji: '❤️', on: false })
    syncDocs(a, b)
    await Promise.all([foldA.whenVerified(), foldB.whenVerified()])
    const reactions = messageById(foldA.getSnapshot(), id).reactions
    expect(messageById(foldB.getSnapshot(), id).reactions).toEqual(reactions)
    expect(reactions[0]).toEqual({ emoji: '👍', userIds: [alice.key], count: 1 })
    expect(viewOf(foldA)).toEqual(viewOf(foldB))
  })
})

describe('replies', () => {
  it('quotes the author and first line of the answered message, following its edits', async () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    const a = alice.writer(doc)
    await writeProfile(a, alice)
    const original = (await appendMessage(a, '  Plan for Friday\nbring snacks', 1))?.entry.id ?? ''
    const reply = await appendMessage(bob.writer(doc), { text: 'count me in', replyTo: original }, 2)
    const replyId = reply?.entry.id ?? ''
    expect(messageById(fold.getSnapshot(), replyId)).toMatchObject({
      replyTo: original,
      quote: { entryId: original, author: { name: 'Alice' }, firstLine: 'Plan for Friday', retracted: false },
    })
    await appendEdit(a, original, 'Plan for Saturday')
    expect(messageById(fold.getSnapshot(), replyId).quote?.firstLine).toBe('Plan for Saturday')
    await appendRetract(a, original)
    expect(messageById(fold.getSnapshot(), replyId).quote).toMatchObject({ firstLine: '', retracted: true })
  })

  it('keeps entries for an unknown target pending and applies them when it arrives', async () => {
    const early = docWithClient(1)
    const late = docWithClient(2)
    const fold = foldOf(early)
    const target = await appendMessage(alice.writer(late), 'arrived late', 1)
    const id = target?.entry.id ?? ''
    // Written on a device that never saw the target (the ids are all they need).
    const other = docWithClient(3)
    await appendMessage(bob.writer(other), { text: 'answer', replyTo: id })
    await appendEdit(alice.writer(other), id, 'edited before it arrived')
    await appendReaction(bob.writer(other), { target: id, emoji: '👀', on: true })
    syncDocs(early, other)
    await fold.whenVerified()
    expect(fold.getSnapshot().timeline).toHaveLength(1)
    expect(messageById(fold.getSnapshot(), fold.getSnapshot().timeline[0]?.entryId ?? '').quote).toBeNull()
    syncDocs(early, late)
    await fold.whenVerified()
    const view = fold.getSnapshot()
    expect(messageById(view, id)).toMatchObject({ text: 'edited before it arrived', edited: true })
    expect(messageById(view, id).reactions).toEqual([{ emoji: '👀', userIds: [bob.key], count: 1 }])
    expect(view.timeline.find((item) => item.entryId !== id)).toMatchObject({
      quote: { firstLine: 'edited before it arrived' },
    })
    expect(viewOf(fold)).toEqual(viewOf(await verified(foldOf(early))))
  })
})

describe('attachments', () => {
  it('carries validated metadata and allows a message with no text', async () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    const writer = alice.writer(doc)
    const sent = await appendMessage(writer, { text: '', attachments: [attachment()] })
    expect(messageById(fold.getSnapshot(), sent?.entry.id ?? '').attachments).toEqual([attachment()])
    expect(() => appendMessage(writer, { text: '', attachments: [] })).toThrow('Message is empty.')
    const tooBig = { ...attachment(), size: 11 * 1024 * 1024 }
    expect(() => appendMessage(writer, { text: 'x', attachments: [tooBig] })).toThrow(/too large/)
    const html = { ...attachment(), type: 'text/html' }
    expect(() => appendMessage(writer, { text: 'x', attachments: [html] })).toThrow(/not allowed/)
  })
})
