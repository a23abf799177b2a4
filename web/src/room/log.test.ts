import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createFold } from './fold'
import { EntryLimitError, MAX_TEXT_CHARS } from './limits'
import { appendJoin, appendMessage, appendTitle, getLog, isDurable } from './log'
import { alice, bob, docWithClient, syncDocs } from './testing'

describe('append helpers', () => {
  it('push one versioned plain-JSON entry each, in one transaction', () => {
    const doc = new Y.Doc()
    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    const { entry } = appendMessage(doc, alice, 'hello', 1000)
    expect(transactions).toBe(1)
    expect(getLog(doc).toArray()).toEqual([
      { v: 1, id: entry.id, author: alice, ts: 1000, type: 'message', text: 'hello' },
    ])
    expect(doc.share.size).toBe(1)
  })

  it('refuse entries the relay would refuse, with a readable reason', () => {
    const doc = new Y.Doc()
    expect(() => appendMessage(doc, alice, 'x'.repeat(MAX_TEXT_CHARS + 1))).toThrow(EntryLimitError)
    expect(() => appendMessage(doc, alice, '  ')).toThrow('Message is empty.')
    expect(() => appendMessage(doc, alice, '"'.repeat(MAX_TEXT_CHARS))).not.toThrow()
    expect(() => appendMessage(doc, alice, '\u0001'.repeat(MAX_TEXT_CHARS))).toThrow(/Too large to send/)
    expect(() => appendTitle(doc, alice, '')).toThrow('Title is empty.')
    expect(getLog(doc).length).toBe(1)
  })
})

describe('durable acknowledgement', () => {
  it('returns the client and clock each entry was written at', () => {
    const doc = docWithClient(7)
    const first = appendJoin(doc, alice)
    const second = appendMessage(doc, alice, 'two')
    expect(first.logId).toEqual({ client: 7, clock: 0 })
    expect(second.logId).toEqual({ client: 7, clock: 1 })
  })

  it('matches the ids the fold reads from the log, also after a merge', () => {
    const a = docWithClient(1)
    const b = docWithClient(2)
    const fold = createFold(a)
    const sent = [appendMessage(a, alice, 'a1'), appendMessage(b, bob, 'b1'), appendMessage(a, alice, 'a2')]
    syncDocs(a, b)
    const byEntry = new Map(fold.getSnapshot().timeline.map((item) => [item.entryId, item.logId]))
    for (const { entry, logId } of sent) expect(byEntry.get(entry.id)).toEqual(logId)
  })

  it('counts an entry durable once the state vector is past its clock', () => {
    const doc = docWithClient(3)
    const { logId } = appendMessage(doc, alice, 'x')
    const other = appendMessage(doc, alice, 'y').logId
    expect(isDurable(logId, new Map())).toBe(false)
    expect(isDurable(logId, new Map([[3, 0]]))).toBe(false)
    expect(isDurable(logId, new Map([[3, 1]]))).toBe(true)
    expect(isDurable(other, new Map([[3, 1]]))).toBe(false)
    expect(isDurable(logId, new Map([[4, 9]]))).toBe(false)
    expect(isDurable(other, Y.decodeStateVector(Y.encodeStateVector(doc)))).toBe(true)
  })
})
