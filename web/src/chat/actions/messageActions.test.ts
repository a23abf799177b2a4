import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, createFold, type MessageItem } from '../../room'
import { createMessageActions } from './messageActions'

const alice = { id: 'user-alice', name: 'Alice', color: '#1971c2' }
const bob = { id: 'user-bob', name: 'Bob', color: '#2f9e44' }

function setup() {
  const doc = new Y.Doc()
  const fold = createFold(doc)
  const actions = (me: typeof alice) =>
    createMessageActions({ doc, me, isLoaded: () => true, whenLoaded: Promise.resolve() })
  const { entry } = appendMessage(doc, alice, 'hello')
  const current = () => fold.getSnapshot().timeline.find((item) => item.entryId === entry.id) as MessageItem
  return { actions, current }
}

describe('message actions', () => {
  it('toggles a reaction by writing the opposite of what you see', () => {
    const { actions, current } = setup()
    expect(actions(bob).toggleReaction(current(), '👍')).toBeNull()
    expect(current().reactions).toEqual([{ emoji: '👍', userIds: [bob.id], count: 1 }])
    actions(bob).toggleReaction(current(), '👍')
    expect(current().reactions).toEqual([])
  })

  it("edits and retracts only your own message, and refuses someone else's", () => {
    const { actions, current } = setup()
    expect(actions(bob).edit(current(), 'forged')).toBe('Only your own messages can be changed.')
    expect(actions(bob).retract(current())).toBe('Only your own messages can be changed.')
    expect(actions(alice).edit(current(), '  ')).toBe('Message is empty.')
    expect(actions(alice).edit(current(), 'hello there')).toBeNull()
    expect(current()).toMatchObject({ text: 'hello there', edited: true })
    expect(actions(alice).retract(current())).toBeNull()
    expect(current().retracted).toBe(true)
  })
})
