import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, getLog, type MessageItem, type RoomFold } from '../../room'
import { createTestPerson, foldOf, type TestPerson } from '../../room/testing'
import { createMessageActions, ONLY_OWN, UNVERIFIED_IS_READ_ONLY } from './messageActions'

const alice = await createTestPerson('Alice')
const bob = await createTestPerson('Bob')

/** Resolves after the fold's next change (a write reaching the log). */
function nextChange(fold: RoomFold): Promise<void> {
  return new Promise((resolve) => {
    const off = fold.subscribe(() => {
      off()
      resolve()
    })
  })
}

async function setup() {
  const doc = new Y.Doc()
  const fold = foldOf(doc)
  const sent = await appendMessage(alice.writer(doc), 'hello')
  const actions = (person: TestPerson) => createMessageActions({ writer: person.writer(doc) })
  const current = () =>
    fold.getSnapshot().timeline.find((item) => item.entryId === sent?.entry.id) as MessageItem
  return { doc, fold, actions, current }
}

describe('message actions', () => {
  it('toggles a reaction by writing the opposite of what you see', async () => {
    const { fold, actions, current } = await setup()
    let changed = nextChange(fold)
    expect(actions(bob).toggleReaction(current(), '👍')).toBeNull()
    await changed
    expect(current().reactions).toEqual([{ emoji: '👍', userIds: [bob.key], count: 1 }])
    changed = nextChange(fold)
    actions(bob).toggleReaction(current(), '👍')
    await changed
    expect(current().reactions).toEqual([])
  })

  it("edits and retracts only your own message, and refuses someone else's", async () => {
    const { fold, actions, current } = await setup()
    expect(actions(bob).edit(current(), 'forged')).toBe(ONLY_OWN)
    expect(actions(bob).retract(current())).toBe(ONLY_OWN)
    expect(actions(alice).edit(current(), '  ')).toBe('Message is empty.')
    let changed = nextChange(fold)
    expect(actions(alice).edit(current(), 'hello there')).toBeNull()
    await changed
    expect(current()).toMatchObject({ text: 'hello there', edited: true })
    changed = nextChange(fold)
    expect(actions(alice).retract(current())).toBeNull()
    await changed
    expect(current().retracted).toBe(true)
  })

  it('refuses to react to an unverified message from before signed entries', async () => {
    const { doc, fold, actions } = await setup()
    getLog(doc).push([
      { v: 1, id: 'old', type: 'message', author: { id: 'x', name: 'X' }, ts: 1, text: 'old' },
    ])
    const legacy = fold.getSnapshot().timeline.find((item) => item.author.verified === false) as MessageItem
    expect(actions(alice).toggleReaction(legacy, '👍')).toBe(UNVERIFIED_IS_READ_ONLY)
  })
})
