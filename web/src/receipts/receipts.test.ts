import { envelopeOf, signingBytes } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import { getLog } from '../room/log'
import { createTestPerson, docWithClient, ROOM, type TestPerson, verify } from '../room/testing'
import { encodeReceiptBody, parseReceiptBody, ReceiptBook, type ReceiptMark } from './receiptRules'
import { createReceiptsFold } from './receiptsFold'

const alice = await createTestPerson('Alice')
const bob = await createTestPerson('Bob')

async function receipt(person: TestPerson, mark: ReceiptMark, ts: number, signer = person.signer) {
  const body = encodeReceiptBody(mark, ts)
  return envelopeOf(person.key, body, await signer.sign(signingBytes(ROOM, person.key, body)))
}

describe('read receipts', () => {
  it('keeps the furthest position per person in any order, and honours a later withdrawal', () => {
    const forward = new ReceiptBook()
    const backward = new ReceiptBook()
    const marks = [
      { count: 3, last: 'c', on: true, ts: 1 },
      { count: 7, last: 'g', on: true, ts: 2 },
      { count: 5, last: 'e', on: true, ts: 3 },
    ]
    for (const mark of marks) forward.note('bob', mark)
    for (const mark of [...marks].reverse()) backward.note('bob', mark)
    expect(forward.seenAt('alice')).toEqual(new Map([['g', ['bob']]]))
    expect(backward.seenAt('alice')).toEqual(forward.seenAt('alice'))
    expect(forward.seenAt('bob')).toEqual(new Map())
    forward.note('bob', { count: 7, last: 'g', on: false, ts: 4 })
    expect(forward.seenAt('alice')).toEqual(new Map())
    expect(parseReceiptBody('{"v":2,"type":"receipt","ts":1,"count":-1,"last":"","on":true}')).toBeNull()
  })

  it('folds verified receipts from the log and ignores forged ones', async () => {
    const doc = docWithClient(1)
    const fold = createReceiptsFold(doc, { room: ROOM, verify })
    const changed = new Promise<void>((resolve) => fold.subscribe(resolve))
    const forged = await receipt(alice, { count: 9, last: 'x', on: true }, 1, bob.signer)
    getLog(doc).push([forged, await receipt(bob, { count: 2, last: 'b', on: true }, 1)])
    await changed
    expect(fold.seenAt(alice.key)).toEqual(new Map([['b', [bob.key]]]))
    fold.close()
  })
})
