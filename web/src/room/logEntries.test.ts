import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, appendReaction } from './append'
import { appendCopies, getLog } from './log'
import { entriesInRanges, entriesNotIn } from './logEntries'
import { createTestPerson, docWithClient, foldOf, syncDocs } from './testing'
import type { Appended } from './writer'

const alice = await createTestPerson('Alice')
const bob = await createTestPerson('Bob')

function sent(appended: Appended | null): Appended {
  if (appended === null) throw new Error('not appended')
  return appended
}

describe('entriesInRanges', () => {
  it('reads the log values at the ids in the ranges, skipping ids the doc lacks', async () => {
    const doc = docWithClient(1)
    const writer = alice.writer(doc)
    const first = sent(await appendMessage(writer, 'one'))
    const second = sent(await appendMessage(writer, 'two'))
    const third = sent(await appendMessage(writer, 'three'))
    expect(entriesInRanges(doc, [{ client: 1, clock: 1, length: 5 }])).toEqual([
      { logId: second.logId, value: second.envelope },
      { logId: third.logId, value: third.envelope },
    ])
    expect(entriesInRanges(doc, [{ client: 1, clock: 0, length: 1 }])[0]?.value).toEqual(first.envelope)
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
  it('lists in log order every value the state vector does not cover', async () => {
    const a = docWithClient(1)
    const b = docWithClient(2)
    await appendMessage(alice.writer(a), 'a stored')
    syncDocs(a, b)
    const stored = Y.decodeStateVector(Y.encodeStateVector(a))
    const bUnsent = sent(await appendMessage(bob.writer(b), 'b unsent'))
    syncDocs(a, b)
    const aUnsent = sent(await appendMessage(alice.writer(a), 'a unsent'))
    expect(entriesNotIn(a, stored).map((entry) => entry.value)).toEqual([bUnsent.envelope, aUnsent.envelope])
    expect(entriesNotIn(a, Y.decodeStateVector(Y.encodeStateVector(a)))).toEqual([])
  })
})

describe('appendCopies', () => {
  it('appends the same envelopes, skipping ids the log holds and other keys, in one transaction', async () => {
    const old = docWithClient(1)
    const writer = alice.writer(old)
    const message = sent(await appendMessage(writer, 'keep me'))
    const reaction = sent(await appendReaction(writer, { target: message.entry.id, emoji: '👍', on: true }))
    const fresh = docWithClient(9)
    await appendMessage(alice.writer(fresh), 'already there')
    const legacy = { v: 1, id: 'x', type: 'join', author: { id: 'a', name: 'A' }, ts: 1 }
    const bobs = sent(await appendMessage(bob.writer(docWithClient(3)), 'not hers'))
    const values = getLog(old).toArray()
    let transactions = 0
    fresh.on('afterTransaction', () => transactions++)
    const written = appendCopies(fresh, [...values, getLog(fresh).get(0), legacy, bobs.envelope], alice.key)
    expect(transactions).toBe(1)
    expect(written).toEqual([
      { client: 9, clock: 1 },
      { client: 9, clock: 2 },
    ])
    expect(getLog(fresh).toArray().slice(1)).toEqual([message.envelope, reaction.envelope])
    expect(appendCopies(fresh, values, alice.key)).toEqual([])
    // The same signed envelopes: they verify again, with the same ids.
    const view = foldOf(fresh).getSnapshot()
    expect(view.timeline.map((item) => item.entryId)).toContain(message.entry.id)
  })
})
