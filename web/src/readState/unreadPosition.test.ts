import { describe, expect, it } from 'vitest'
import type { TimelineItem } from '../room'
import { messageItem } from '../room/testing'
import { lastReadId, messageAt } from './unreadPosition'

const author = { id: 'k', name: 'K', color: '#000000', avatar: null, status: null, verified: true }
function item(entryId: string, kind: 'message' | 'join'): TimelineItem {
  return kind === 'join'
    ? { key: entryId, logId: { client: 1, clock: 0 }, entryId, author, ts: 0, kind }
    : messageItem(entryId, author)
}

describe('read positions in a timeline', () => {
  const timeline = [
    item('j', 'join'),
    item('m0', 'message'),
    item('j2', 'join'),
    item('m1', 'message'),
    item('m2', 'message'),
  ]

  it('finds the first unread message by its ordinal among messages', () => {
    expect(messageAt(timeline, 0)).toBe('m0')
    expect(messageAt(timeline, 1)).toBe('m1')
    expect(messageAt(timeline, 2)).toBe('m2')
    expect(messageAt(timeline, 3)).toBeNull()
  })

  it('names the last message read', () => {
    expect(lastReadId(timeline, 3, 3)).toBe('m2')
    expect(lastReadId(timeline, 2, 3)).toBe('m1')
    expect(lastReadId(timeline, 1, 3)).toBe('m0')
    expect(lastReadId(timeline, 0, 3)).toBe('')
  })
})
