import { describe, expect, it } from 'vitest'
import type { Author, MessageItem, ThreadView } from '../room'
import { messageItem } from '../room/testing'
import { threadCountsFor, unreadThreadMentions, unreadThreadReplies } from './threadUnread'

const person = (id: string, name: string): Author => ({
  id,
  name,
  color: '#000',
  avatar: null,
  status: null,
  verified: true,
})
const ada = person('ada-key', 'Ada')
const bob = person('bob-key', 'Bob')
const cy = person('cy-key', 'Cy')

const reply = (id: string, author: Author, text: string, extra: Partial<MessageItem> = {}) =>
  messageItem(id, author, { text, ...extra }) as MessageItem

function thread(rootId: string, replies: MessageItem[], lastReplyAt = 1): ThreadView {
  return {
    rootId,
    replies,
    count: replies.length,
    lastRepliers: [],
    lastReplyAt,
    repliers: new Set(replies.map((item) => item.author.id)),
  }
}

function viewOf(threads: ThreadView[], roots: { id: string; author: Author }[]) {
  return {
    threads: new Map(threads.map((t) => [t.rootId, t])),
    timeline: roots.map((root) => messageItem(root.id, root.author)),
  }
}

describe('thread unread and mentions', () => {
  const view = viewOf(
    [
      // Ada replied here: she is in it; Bob names her afterwards.
      thread('r1', [reply('a', ada, 'me too'), reply('b', bob, 'right @Ada?'), reply('c', cy, 'yes')], 3),
      // Ada is not in it, but a reply names her: that brings her in.
      thread('r2', [reply('d', bob, 'hello'), reply('e', cy, 'ask @Ada'), reply('f', bob, '@Ada!')], 2),
      // Neither in it nor named (a retracted mention and her own mention of herself do not count).
      thread('r3', [reply('g', bob, '', { retracted: true }), reply('h', ada, '@Ada note to self')], 1),
      // She wrote its root.
      thread('r4', [reply('i', bob, 'ok')], 0),
      thread('r5', [reply('j', bob, 'nothing for Ada')], 0),
    ],
    [
      { id: 'r1', author: bob },
      { id: 'r2', author: bob },
      { id: 'r3', author: bob },
      { id: 'r4', author: ada },
      { id: 'r5', author: cy },
    ],
  )

  it('lists the threads the reader is in, named in, or started, with the replies that name them', () => {
    const { counts, mentions } = threadCountsFor(view, { id: ada.id, name: ada.name })
    expect(counts).toEqual({ r1: 3, r2: 3, r3: 2, r4: 1 })
    expect(mentions).toEqual({ r1: [1], r2: [1, 2] })
  })

  it('counts a mentioning reply as unread until its thread is read past it', () => {
    const { counts, mentions } = threadCountsFor(view, { id: ada.id, name: ada.name })
    expect(unreadThreadMentions(mentions, {})).toBe(3)
    expect(unreadThreadMentions(mentions, { r1: 2, r2: 2 })).toBe(1)
    expect(unreadThreadMentions(mentions, { r1: 3, r2: 3 })).toBe(0)
    expect(unreadThreadReplies(counts, { r1: 3, r2: 1, r3: 2, r4: 1 })).toBe(2)
  })
})
