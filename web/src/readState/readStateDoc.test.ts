import { envelopeOf, signingBytes } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getLog } from '../room'
import { createTestPerson, docWithClient, syncDocs, verify } from '../room/testing'
import { encodeReadBody } from './readEntries'
import { createReadStateDoc, type ReadStateDoc } from './readStateDoc'

const ROOM = 'reads-test'

function changed(state: ReadStateDoc): Promise<void> {
  return new Promise((resolve) => {
    const stop = state.subscribe(() => {
      stop()
      resolve()
    })
  })
}

describe('read-state document', () => {
  it('claims an empty document with a members entry naming only its person', async () => {
    const me = await createTestPerson('Me')
    const doc = docWithClient(1)
    const state = createReadStateDoc(doc, { room: ROOM, signer: me.signer, verify })
    await state.claim()
    const first = getLog(doc).get(0) as { key: string; body: string }
    expect(first.key).toBe(me.key)
    expect(JSON.parse(first.body)).toMatchObject({ type: 'members', keys: [me.key] })
    state.close()
  })

  it('holds reads until the document is claimed, then writes one entry per place', async () => {
    const me = await createTestPerson('Me')
    const doc = docWithClient(1)
    const state = createReadStateDoc(doc, { room: ROOM, signer: me.signer, verify })
    state.markRead({ room: 'r', count: 3, last: 'c' })
    state.markRead({ room: 'r', count: 5, last: 'e' })
    expect(state.get('r')).toEqual({ count: 5, last: 'e' })
    await state.flush()
    expect(getLog(doc).length).toBe(0)
    await state.claim()
    // The members entry, then the newest of the two reads: a burst is one entry.
    expect(getLog(doc).length).toBe(2)
    state.close()
  })

  it('two devices that read offline converge on the furthest position', async () => {
    const me = await createTestPerson('Me')
    const laptopDoc = docWithClient(1)
    const phoneDoc = docWithClient(2)
    const laptop = createReadStateDoc(laptopDoc, { room: ROOM, signer: me.signer, verify })
    const phone = createReadStateDoc(phoneDoc, { room: ROOM, signer: me.signer, verify })
    await laptop.claim()
    syncDocs(laptopDoc, phoneDoc)
    laptop.markRead({ room: 'r', count: 10, last: 'j' })
    laptop.markRead({ room: 's', count: 1, last: 'a' })
    phone.markRead({ room: 'r', count: 7, last: 'g' })
    phone.markRead({ room: 's', count: 4, last: 'd' })
    await Promise.all([laptop.flush(), phone.flush()])
    const seen = Promise.all([changed(laptop), changed(phone)])
    syncDocs(laptopDoc, phoneDoc)
    await seen
    for (const state of [laptop, phone]) {
      expect(state.get('r')).toEqual({ count: 10, last: 'j' })
      expect(state.get('s')).toEqual({ count: 4, last: 'd' })
    }
    laptop.close()
    phone.close()
  })

  it('ignores read entries signed by another key or with a bad signature', async () => {
    const me = await createTestPerson('Me')
    const stranger = await createTestPerson('Stranger')
    const doc = docWithClient(1)
    const state = createReadStateDoc(doc, { room: ROOM, signer: me.signer, verify })
    const body = encodeReadBody({ room: 'r', count: 99, last: 'z' }, 1)
    const foreign = envelopeOf(
      stranger.key,
      body,
      await stranger.signer.sign(signingBytes(ROOM, stranger.key, body)),
    )
    const forged = { ...foreign, key: me.key }
    const honest = encodeReadBody({ room: 'r', count: 2, last: 'b' }, 1)
    const mine = envelopeOf(me.key, honest, await me.signer.sign(signingBytes(ROOM, me.key, honest)))
    const seen = changed(state)
    getLog(doc).push([foreign, forged, mine])
    await seen
    expect(state.get('r')).toEqual({ count: 2, last: 'b' })
    state.close()
  })

  it('reads the positions a document already holds when it opens', async () => {
    const me = await createTestPerson('Me')
    const source = docWithClient(1)
    const first = createReadStateDoc(source, { room: ROOM, signer: me.signer, verify })
    await first.claim()
    first.markRead({ room: 'r', count: 6, last: 'f' })
    await first.flush()
    first.close()
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(source))
    const reopened = createReadStateDoc(copy, { room: ROOM, signer: me.signer, verify })
    await changed(reopened)
    expect(reopened.get('r')).toEqual({ count: 6, last: 'f' })
    reopened.close()
  })
})
