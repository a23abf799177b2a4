import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendEdit, appendMessage, appendReaction, appendRetract } from './append'
import { getLog } from './log'
import { LEGACY_PREFIX } from './schema'
import { createTestPerson, docWithClient, foldOf, syncDocs, writeProfile } from './testing'
import type { MessageItem, RoomSnapshot } from './timeline'

const alice = await createTestPerson('Alice')

/** An unsigned entry as rooms held them before signatures. */
function legacy(type: string, id: string, author: { id: string; name: string }, fields: object = {}) {
  return { v: 1, id, type, author: { ...author, color: '#e67700' }, ts: 1, ...fields }
}

const oldAlice = { id: 'u-alice', name: 'Alice (old)' }
const oldBob = { id: 'u-bob', name: 'Bob (old)' }

function message(view: RoomSnapshot, entryId: string): MessageItem {
  const item = view.timeline.find((candidate) => candidate.entryId === entryId)
  if (item?.kind !== 'message') throw new Error(`no message ${entryId}`)
  return item
}

describe('legacy (unsigned) entries', () => {
  it('are shown as they were, unverified, each with the name it claims', () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    getLog(doc).push([
      legacy('message', 'm1', oldAlice, { text: 'hello from before' }),
      legacy('message', 'm2', { ...oldAlice, name: 'Renamed Alice' }, { text: 'again' }),
    ])
    const view = fold.getSnapshot()
    expect(message(view, `${LEGACY_PREFIX}m1`).author).toEqual({
      id: `${LEGACY_PREFIX}u-alice`,
      name: 'Alice (old)',
      color: '#e67700',
      avatar: null,
      status: null,
      verified: false,
    })
    // A claim applies to its own entry only: no entry renames another.
    expect(message(view, `${LEGACY_PREFIX}m2`).author.name).toBe('Renamed Alice')
    expect(view.verification.pending).toBe(0)
  })

  it('change one another only with the same claimed author', () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    getLog(doc).push([
      legacy('message', 'm1', oldAlice, { text: 'original' }),
      legacy('edit', 'e1', oldBob, { target: 'm1', text: 'edited by bob' }),
      legacy('edit', 'e2', oldAlice, { target: 'm1', text: 'edited by alice' }),
      legacy('reaction', 'r1', oldBob, { target: 'm1', emoji: '👍', on: true }),
    ])
    const view = fold.getSnapshot()
    expect(message(view, `${LEGACY_PREFIX}m1`)).toMatchObject({
      text: 'edited by alice',
      reactions: [{ emoji: '👍', userIds: [`${LEGACY_PREFIX}u-bob`], count: 1 }],
    })
    expect(view.verification.ignored.wrongAuthor).toBe(1)
  })

  it('are kept apart from signed ones: neither can change the other or take its id', async () => {
    const doc = docWithClient(1)
    getLog(doc).push([legacy('message', 'm1', oldAlice, { text: 'legacy text' })])
    const signed = await appendMessage(alice.writer(doc), 'signed text')
    const signedId = signed?.entry.id ?? ''
    const crafted = docWithClient(2)
    syncDocs(doc, crafted)
    // Legacy entries aiming at the signed message, its id and its author's key...
    getLog(crafted).push([
      legacy('edit', 'e1', { id: alice.key, name: 'Alice' }, { target: signedId, text: 'legacy edit' }),
      legacy('retract', 'x1', { id: alice.key, name: 'Alice' }, { target: signedId }),
      legacy('message', signedId, oldBob, { text: 'same id' }),
    ])
    // ...and signed ones aiming at the legacy message.
    const writer = alice.writer(crafted)
    await appendEdit(writer, `${LEGACY_PREFIX}m1`, 'signed edit')
    await appendReaction(writer, { target: `${LEGACY_PREFIX}m1`, emoji: '🎉', on: true })
    await appendRetract(writer, `${LEGACY_PREFIX}m1`)
    const reply = await appendMessage(writer, { text: 'quoting the old one', replyTo: `${LEGACY_PREFIX}m1` })
    await writeProfile(writer, alice)
    const reader = docWithClient(3)
    const fold = foldOf(reader)
    syncDocs(crafted, reader)
    await fold.whenVerified()
    const view = fold.getSnapshot()
    expect(message(view, signedId)).toMatchObject({ text: 'signed text', edited: false, retracted: false })
    expect(message(view, `${LEGACY_PREFIX}m1`)).toMatchObject({ text: 'legacy text', reactions: [] })
    // The legacy copy of the id is a message of its own, and the legacy edits hit only that one.
    expect(message(view, `${LEGACY_PREFIX}${signedId}`)).toMatchObject({
      text: 'same id',
      retracted: false,
      author: { id: `${LEGACY_PREFIX}u-bob`, verified: false },
    })
    expect(message(view, reply?.entry.id ?? '').quote).toMatchObject({ firstLine: 'legacy text' })
    // The signed author's name is her profile's, and the legacy claim of her key is not hers.
    expect(message(view, signedId).author).toMatchObject({ id: alice.key, name: 'Alice', verified: true })
    expect(view.verification.ignored.wrongAuthor).toBe(5)
  })
})
