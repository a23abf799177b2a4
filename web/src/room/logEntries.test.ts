import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendCopies, appendMessage, appendReaction, getLog } from './log'
import { entriesInRanges, entriesNotIn } from './logEntries'
import { alice, bob, docWithClient, syncDocs } from './testing'

describe('entriesInRanges', () => {
  it('reads the log values at the ids in the ranges, skipping ids the doc lacks', () => {
    const doc = docWithClient(1)
    const first = appendMessage(doc, alice, 'one')
    const second = appendMessage(doc, alice, 'two')
    const third = appendMessage(doc, alice, 'three')
    expect(entriesInRanges(doc, [{ client: 1, clock: 1, length: 5 }])).toEqual([
      { logId: second.logId, value: second.entry },
      { logId: third.logId, value: third.entry },
    ])
    expect(entriesInRanges(doc, [{ client: 1, clock: 0, length: 1 }])[0]?.value).toEqual(first.entry)
    expect(entriesInRanges(doc, [{ client: 2, clock: 0, length: 1 }])).toEqual([])
    expect(entriesInRanges(doc, [{ client: 1, clock: 3, length: 1 }])).toEqual([])
  })

  it('finds values inside an item that holds several, and each id once', () => {
    const doc = docWithClient(4)
    getLog(doc).push([{ n: 0 }, { n: 1 }, { n: 2 }])
    const ranges = [
      { client: 4, clock: 1, length: 1 },
      { client: 4, clock: 1, length: 2 },
    ]
    expect(entriesInRanges(doc, ranges)).toEqual([
      { logId: { client: 4, clock: 1 }, value: { n: 1 } },
      { logId: { client: 4, clock: 2 }, value: { n: 2 } },
    ])
  })
})

describe('entriesNotIn', () => {
  it('lists in log order every value the state vector does not cover', () => {
    const a = docWithClient(1)
    const b = docWithClient(2)
    appendMessage(a, alice, 'a stored')
    syncDocs(a, b)
    const stored = Y.decodeStateVector(Y.encodeStateVector(a))
    const bUnsent = appendMessage(b, bob, 'b unsent')
    syncDocs(a, b)
    const aUnsent = appendMessage(a, alice, 'a unsent')
    expect(entriesNotIn(a, stored).map((entry) => entry.value)).toEqual([bUnsent.entry, aUnsent.entry])
    expect(entriesNotIn(a, Y.decodeStateVector(Y.encodeStateVector(a)))).toEqual([])
  })
})

describe('appendCopies', () => {
  it('appends the same JSON under new ids, skipping entry ids the log holds, in one transaction', () => {
    const old = docWithClient(1)
    const message = appendMessage(old, alice, 'keep me')
    const reaction = appendReaction(old, alice, { target: message.entry.id, emoji: '👍', on: true })
    const fresh = docWithClient(9)
    appendMessage(fresh, bob, 'already there')
    const values = getLog(old).toArray()
    let transactions = 0
    fresh.on('afterTransaction', () => transactions++)
    const written = appendCopies(fresh, [...values, getLog(fresh).get(0)])
    expect(transactions).toBe(1)
    expect(written).toEqual([
      { client: 9, clock: 1 },
      { client: 9, clock: 2 },
    ])
    expect(getLog(fresh).toArray().slice(1)).toEqual([message.entry, reaction.entry])
    expect(appendCopies(fresh, values)).toEqual([])
  })
})
