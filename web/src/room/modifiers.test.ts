import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createFold, foldLog } from './fold'
import { appendEdit, appendMessage, appendReaction, appendRetract, getLog } from './log'
import { alice, bob, docWithClient, syncDocs, viewOf } from './testing'
import type { MessageItem, RoomSnapshot } from './timeline'

const HASH = 'a'.repeat(64)

function messageById(view: RoomSnapshot, entryId: string): MessageItem {
  const item = view.timeline.find((candidate) => candidate.entryId === entryId)
  if (item?.kind !== 'message') throw new Error(`no message ${entryId}`)
  return item
}

function entry(type: string, fields: Record<string, unknown>, author = alice) {
  return { v: 1, id: `x${Math.random()}`, author, ts: 1, type, ...fields }
}

describe('edits and retractions', () => {
  it('shows the last edit by the author, keeping the earlier texts', () => {
    const doc = new Y.Doc()
    const fold = createFold(doc)
    const { entry: sent } = appendMessage(doc, alice, 'helo', 1)
    appendEdit(doc, alice, sent.id, 'hello', 2)
    appendEdit(doc, alice, sent.id, 'hello!', 3)
    const item = messageById(fold.getSnapshot(), sent.id)
    expect(item).toMatchObject({ text: 'hello!', edited: true, previousTexts: ['helo', 'hello'] })
    expect(fold.getSnapshot().timeline).toHaveLength(1)
    expect(fold.getSnapshot().lastMessage).toBe(item)
  })

  it('replaces a retracted message by the fact of its removal, and ignores later edits', () => {
    const doc = new Y.Doc()
    const fold = createFold(doc)
    const { entry: sent } = appendMessage(doc, alice, { text: 'oops', attachments: [attachment()] }, 1)
    appendReaction(doc, bob, { target: sent.id, emoji: '👍', on: true })
    appendRetract(doc, alice, sent.id)
    appendEdit(doc, alice, sent.id, 'back again')
    expect(messageById(fold.getSnapshot(), sent.id)).toMatchObject({
      text: '',
      retracted: true,
      edited: false,
      previousTexts: [],
      reactions: [],
      attachments: [],
    })
  })

  it("ignores forged edits and retractions of someone else's message on every peer", () => {
    const a = docWithClient(1)
    const b = docWithClient(2)
    const { entry: sent } = appendMessage(a, alice, 'mine', 1)
    syncDocs(a, b)
    appendEdit(b, bob, sent.id, 'forged by bob')
    getLog(b).push([entry('edit', { target: sent.id, text: 'forged name' }, { ...bob, name: 'Alice' })])
    appendRetract(b, bob, sent.id)
    syncDocs(a, b)
    for (const doc of [a, b]) {
      expect(messageById(createFold(doc).getSnapshot(), sent.id)).toMatchObject({
        text: 'mine',
        edited: false,
        retracted: false,
      })
    }
  })
})

function attachment() {
  return { hash: HASH, name: 'cat.png', type: 'image/png', size: 1234, width: 640, height: 480 }
}

describe('reactions', () => {
  it('counts who reacted with what, and a second toggle removes it', () => {
    const doc = new Y.Doc()
    const fold = createFold(doc)
    const { entry: sent } = appendMessage(doc, alice, 'lunch?', 1)
    appendReaction(doc, bob, { target: sent.id, emoji: '👍', on: true })
    appendReaction(doc, alice, { target: sent.id, emoji: '👍', on: true })
    appendReaction(doc, alice, { target: sent.id, emoji: '🎉', on: true })
    expect(messageById(fold.getSnapshot(), sent.id).reactions).toEqual([
      { emoji: '👍', userIds: [bob.id, alice.id], count: 2 },
      { emoji: '🎉', userIds: [alice.id], count: 1 },
    ])
    appendReaction(doc, alice, { target: sent.id, emoji: '🎉', on: false })
    appendReaction(doc, bob, { target: sent.id, emoji: '👍', on: false })
    appendReaction(doc, bob, { target: sent.id, emoji: '👍', on: false })
    expect(messageById(fold.getSnapshot(), sent.id).reactions).toEqual([
      { emoji: '👍', userIds: [alice.id], count: 1 },
    ])
  })

  it('converges when two devices of one user and another user toggle concurrently', () => {
    const a = docWithClient(1)
    const b = docWithClient(2)
    const foldA = createFold(a)
    const foldB = createFold(b)
    const { entry: sent } = appendMessage(a, alice, 'vote', 1)
    syncDocs(a, b)
    // Both of Alice's devices saw no reaction, so each toggle writes on: true; Bob toggles off.
    appendReaction(a, alice, { target: sent.id, emoji: '👍', on: true })
    appendReaction(b, alice, { target: sent.id, emoji: '👍', on: true })
    appendReaction(a, bob, { target: sent.id, emoji: '❤️', on: true })
    appendReaction(b, bob, { target: sent.id, emoji: '❤️', on: false })
    syncDocs(a, b)
    const reactions = messageById(foldA.getSnapshot(), sent.id).reactions
    expect(messageById(foldB.getSnapshot(), sent.id).reactions).toEqual(reactions)
    expect(reactions[0]).toEqual({ emoji: '👍', userIds: [alice.id], count: 1 })
    expect(viewOf(foldA)).toEqual(viewOf(foldLog(getLog(a))))
  })
})

describe('replies', () => {
  it('quotes the author and first line of the answered message, following its edits', () => {
    const doc = new Y.Doc()
    const fold = createFold(doc)
    const { entry: original } = appendMessage(doc, alice, '  Plan for Friday\nbring snacks', 1)
    const { entry: reply } = appendMessage(doc, bob, { text: 'count me in', replyTo: original.id }, 2)
    expect(messageById(fold.getSnapshot(), reply.id)).toMatchObject({
      replyTo: original.id,
      quote: { entryId: original.id, author: alice, firstLine: 'Plan for Friday', retracted: false },
    })
    appendEdit(doc, alice, original.id, 'Plan for Saturday')
    expect(messageById(fold.getSnapshot(), reply.id).quote?.firstLine).toBe('Plan for Saturday')
    appendRetract(doc, alice, original.id)
    expect(messageById(fold.getSnapshot(), reply.id).quote).toMatchObject({ firstLine: '', retracted: true })
  })

  it('keeps entries for an unknown target pending and applies them when it arrives', () => {
    const doc = new Y.Doc()
    const fold = createFold(doc)
    const late = entry('message', { id: 'late-target', text: 'arrived late' })
    getLog(doc).push([
      entry('message', { text: 'answer', replyTo: 'late-target' }, bob),
      entry('edit', { target: 'late-target', text: 'edited before it arrived' }),
      entry('reaction', { target: 'late-target', emoji: '👀', on: true }, bob),
    ])
    expect(messageById(fold.getSnapshot(), fold.getSnapshot().timeline[0]?.entryId ?? '').quote).toBeNull()
    getLog(doc).push([late])
    const view = fold.getSnapshot()
    expect(messageById(view, 'late-target')).toMatchObject({ text: 'edited before it arrived', edited: true })
    expect(messageById(view, 'late-target').reactions).toEqual([{ emoji: '👀', userIds: [bob.id], count: 1 }])
    expect(view.timeline[0]).toMatchObject({ quote: { firstLine: 'edited before it arrived' } })
    expect(viewOf(fold)).toEqual(viewOf(foldLog(getLog(doc))))
  })
})

describe('attachments', () => {
  it('carries validated metadata and allows a message with no text', () => {
    const doc = new Y.Doc()
    const fold = createFold(doc)
    const { entry: sent } = appendMessage(doc, alice, { text: '', attachments: [attachment()] })
    expect(messageById(fold.getSnapshot(), sent.id).attachments).toEqual([attachment()])
    expect(() => appendMessage(doc, alice, { text: '', attachments: [] })).toThrow('Message is empty.')
    const tooBig = { ...attachment(), size: 11 * 1024 * 1024 }
    expect(() => appendMessage(doc, alice, { text: 'x', attachments: [tooBig] })).toThrow(/too large/)
    const html = { ...attachment(), type: 'text/html' }
    expect(() => appendMessage(doc, alice, { text: 'x', attachments: [html] })).toThrow(/not allowed/)
  })

  it('ignores a message whose attachment metadata is malformed', () => {
    const doc = new Y.Doc()
    const fold = createFold(doc)
    const bad = [
      { ...attachment(), hash: 'A'.repeat(64) },
      { ...attachment(), width: 0 },
      { ...attachment(), width: 10, height: undefined },
      { ...attachment(), size: 1.5 },
      { ...attachment(), name: 'x'.repeat(201) },
      { ...attachment(), type: 'image/svg+xml' },
    ]
    getLog(doc).push(bad.map((one) => entry('message', { text: 'x', attachments: [one] })))
    getLog(doc).push([entry('message', { text: 'x', attachments: [] })])
    expect(fold.getSnapshot().timeline).toHaveLength(0)
  })
})

describe('message ids', () => {
  it('shows a reused message id once (the first in log order), incremental or not', () => {
    const a = docWithClient(1)
    const b = docWithClient(2)
    const fold = createFold(a)
    getLog(a).push([entry('message', { id: 'dup', text: 'from a' })])
    getLog(b).push([entry('message', { id: 'dup', text: 'from b' }, bob)])
    syncDocs(a, b)
    expect(fold.getSnapshot().timeline).toHaveLength(1)
    expect(viewOf(fold)).toEqual(viewOf(foldLog(getLog(a))))
  })
})
