import { describe, expect, it } from 'vitest'
import type { TimelineItem } from '../room'
import { messageItem } from '../room/testing'
import { countUnreadMentions, tailKeys, takeArrivals } from './arrivals'
import { shouldNotify } from './settings'
import { documentTitle } from './title'

const me = { id: 'me', name: 'Alice' }

function message(key: string, text: string, authorId = 'bob'): TimelineItem {
  const author = {
    id: authorId,
    name: authorId,
    color: '#000000',
    avatar: null,
    status: null,
    verified: true,
  }
  return messageItem(key, author, { text })
}

describe('arrivals', () => {
  it('reports only messages by others that were not there before, once', () => {
    const before = [message('a', 'old')]
    const seen = tailKeys(before)
    // A concurrent entry may land before my own newest one, not only at the end.
    const after = [message('a', 'old'), message('b', 'hi @Alice'), message('c', 'mine', 'me')]
    expect(takeArrivals(after, seen, me).map((a) => [a.item.key, a.mentionsMe])).toEqual([['b', true]])
    expect(takeArrivals(after, seen, me)).toEqual([])
  })

  it('counts mentions among the unread messages only', () => {
    const timeline = [message('a', '@Alice old'), message('b', '@Alice new'), message('c', 'plain')]
    expect(countUnreadMentions(timeline, 2, me)).toBe(1)
    expect(countUnreadMentions(timeline, 0, me)).toBe(0)
  })
})

describe('notification rules', () => {
  it('notifies by level', () => {
    expect(shouldNotify('all', false)).toBe(true)
    expect(shouldNotify('mentions', false)).toBe(false)
    expect(shouldNotify('mentions', true)).toBe(true)
    expect(shouldNotify('mute', true)).toBe(false)
  })

  it('counts in the title', () => {
    expect(documentTitle('Room', 3)).toBe('(3) Room — Parley')
    expect(documentTitle(null, 0)).toBe('Parley')
    expect(documentTitle('Room', 250)).toBe('(99+) Room — Parley')
  })
})
