import { describe, expect, it } from 'vitest'
import type { Author, TimelineItem } from '../room'
import { messageItem } from '../room/testing'
import { lastEditable } from './useEditing'

const me: Author = { id: 'me', name: 'Me', color: '#1971c2', avatar: null, status: null, verified: true }
const other: Author = { ...me, id: 'other', name: 'Other' }

const item = messageItem

describe('Up to edit', () => {
  it('picks your newest message that can still be edited', () => {
    const timeline = [
      item('mine', me),
      item('gone', me, { retracted: true } as Partial<TimelineItem>),
      item('legacy', { ...me, verified: false }),
      item('theirs', other),
    ]
    expect(lastEditable(timeline, 'me')?.entryId).toBe('mine')
    expect(lastEditable(timeline, 'nobody')).toBeNull()
    expect(lastEditable(timeline, 'me', 2)).toBeNull()
  })
})
