import { entryIdOf, parseEnvelope, verifyEnvelope } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendEdit, appendMessage } from './append'
import { encodeBody, messageEntry, profileEntry } from './bodies'
import { getLog } from './log'
import { createTestPerson, docWithClient, foldOf, ROOM, syncDocs, verify } from './testing'

const alice = await createTestPerson('Alice')
const mallory = await createTestPerson('Mallory')
const HASH = 'b'.repeat(64)

describe('canonical bodies', () => {
  it('encodes each entry as one fixed JSON text: v, type, ts, then its fields in order', () => {
    expect(encodeBody(messageEntry('hello'), 1000)).toBe('{"v":2,"type":"message","ts":1000,"text":"hello"}')
    const image = { hash: HASH, name: 'a.png', type: 'image/png', size: 1, width: 2, height: 3 }
    expect(encodeBody(messageEntry({ text: 'hi', replyTo: 'r1', attachments: [image] }), 5)).toBe(
      `{"v":2,"type":"message","ts":5,"text":"hi","replyTo":"r1","attachments":[{"hash":"${HASH}","name":"a.png","type":"image/png","size":1,"width":2,"height":3}]}`,
    )
    const profile = profileEntry({ seq: 3, name: ' Ann ', color: '#123456', avatar: image, status: 'away' })
    expect(encodeBody(profile, 9)).toBe(
      `{"v":2,"type":"profile","ts":9,"seq":3,"name":"Ann","color":"#123456","avatar":{"hash":"${HASH}","name":"a.png","type":"image/png","size":1,"width":2,"height":3},"status":"away"}`,
    )
    expect(
      encodeBody(profileEntry({ seq: 1, name: 'B', color: '#123456', avatar: null, status: '' }), 9),
    ).toBe('{"v":2,"type":"profile","ts":9,"seq":1,"name":"B","color":"#123456"}')
  })
})

describe('signed entries', () => {
  it('pushes the envelope its writer signed, in one transaction, with the id from its signature', async () => {
    const doc = docWithClient(4)
    let transactions = 0
    doc.on('afterTransaction', () => transactions++)
    const appended = await appendMessage(alice.writer(doc), 'hello', 1000)
    expect(transactions).toBe(1)
    const [value] = getLog(doc).toArray()
    const envelope = parseEnvelope(value)
    if (typeof envelope === 'string') throw new Error(envelope)
    expect(envelope).toEqual({
      key: alice.key,
      body: '{"v":2,"type":"message","ts":1000,"text":"hello"}',
      sig: envelope.sig,
    })
    expect(await verifyEnvelope(ROOM, envelope, verify)).toBe(true)
    expect(appended?.entry).toMatchObject({ id: entryIdOf(envelope), authorId: alice.key, text: 'hello' })
    expect(doc.share.size).toBe(1)
  })

  it('ignores and counts a tampered body, a replay from another room and a wrong key', async () => {
    const source = docWithClient(1)
    const sent = await appendMessage(alice.writer(source, 'another-room'), 'pay 5 EUR')
    const here = await appendMessage(alice.writer(docWithClient(2)), 'pay 5 EUR')
    if (!sent || !here) throw new Error('not sent')
    const doc = docWithClient(3)
    getLog(doc).push([
      { ...here.envelope, body: here.envelope.body.replace('5 EUR', '5000 EUR') },
      sent.envelope,
      { ...here.envelope, key: mallory.key },
    ])
    // Checked on another peer: this doc's own client id would be trusted as its own writer.
    const peer = docWithClient(9)
    const peerFold = foldOf(peer)
    syncDocs(doc, peer)
    await peerFold.whenVerified()
    expect(peerFold.getSnapshot().timeline).toEqual([])
    expect(peerFold.getSnapshot().verification.ignored.badSignature).toBe(3)
  })

  it("binds an entry's id to its author: a copied id cannot carry another key's entry", async () => {
    const doc = docWithClient(1)
    const original = await appendMessage(alice.writer(doc), 'the real one')
    if (!original) throw new Error('not sent')
    const forger = docWithClient(2)
    syncDocs(doc, forger)
    const forged = await appendEdit(mallory.writer(forger, ROOM), original.entry.id, 'forged')
    if (!forged) throw new Error('not sent')
    // Mallory's entries wearing Alice's signature, so Alice's id: neither verifies.
    getLog(forger).push([
      {
        key: mallory.key,
        body: '{"v":2,"type":"message","ts":1,"text":"mine now"}',
        sig: original.envelope.sig,
      },
      {
        key: alice.key,
        body: '{"v":2,"type":"message","ts":1,"text":"mine now"}',
        sig: original.envelope.sig,
      },
    ])
    const reader = docWithClient(3)
    const fold = foldOf(reader)
    syncDocs(forger, reader)
    await fold.whenVerified()
    const view = fold.getSnapshot()
    expect(view.timeline).toMatchObject([{ entryId: original.entry.id, text: 'the real one', edited: false }])
    expect(view.verification.ignored).toEqual({ badSignature: 2, unsigned: 0, wrongAuthor: 1, duplicate: 0 })
  })

  it('ignores and counts a new-format entry that is not signed', async () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    getLog(doc).push([{ v: 2, type: 'message', ts: 1, text: 'unsigned' }])
    expect(fold.getSnapshot().timeline).toEqual([])
    expect(fold.getSnapshot().verification.ignored.unsigned).toBe(1)
  })
})
