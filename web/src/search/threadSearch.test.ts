import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage } from '../room/append'
import { createTestPerson, foldOf, verified } from '../room/testing'
import { createSearchIndex, docsFromTimeline } from './searchIndex'

describe('search in threads', () => {
  it('finds a thread reply, and its hit opens the reply (in its thread)', async () => {
    const alice = await createTestPerson('Alice')
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    const writer = alice.writer(doc)
    const root = await appendMessage(writer, 'Where shall we eat?', 1)
    const rootId = root?.entry.id ?? ''
    const reply = await appendMessage(writer, { text: 'The noodle place downtown', thread: rootId }, 2)
    await verified(fold)
    const { timeline, threads } = fold.getSnapshot()
    const index = createSearchIndex()
    index.add(docsFromTimeline('r1', timeline, threads))
    const hits = index.search('noodle')
    expect(hits.map((hit) => hit.doc)).toEqual([
      expect.objectContaining({
        id: `r1/${reply?.entry.id}`,
        entryId: reply?.entry.id,
        text: 'The noodle place downtown',
      }),
    ])
    expect(index.search('where eat').map((hit) => hit.doc.entryId)).toEqual([rootId])
  })
})
