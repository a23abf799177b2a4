import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../testing/memoryStorage'
import { byActivity, loadRooms, mentionCount, unreadCount, updateRoom } from './roomIndex'

describe('room index', () => {
  it('remembers rooms newest first with preview and unread count', () => {
    const storage = memoryStorage()
    updateRoom('a', { visitedAt: 1 }, storage)
    updateRoom('b', { visitedAt: 2, messageCount: 5, readCount: 3, preview: 'x'.repeat(500) }, storage)
    const rooms = loadRooms(storage)
    expect(rooms.map((room) => room.id)).toEqual(['b', 'a'])
    expect(rooms[0]?.preview).toHaveLength(120)
    expect(rooms[0] && unreadCount(rooms[0])).toBe(2)
  })

  it('survives corrupt storage', () => {
    const storage = memoryStorage()
    storage.setItem('parley.rooms', '{nope')
    expect(loadRooms(storage)).toEqual([])
  })
})

describe('mention counts', () => {
  it('are kept apart from unread counts and cleared by reading', () => {
    const storage = memoryStorage()
    updateRoom('a', { messageCount: 5, readCount: 1, mentionCount: 2 }, storage)
    const [room] = loadRooms(storage)
    expect(room && [unreadCount(room), mentionCount(room)]).toEqual([4, 2])
    updateRoom('a', { readCount: 5 }, storage)
    const [read] = loadRooms(storage)
    expect(read && mentionCount(read)).toBe(0)
  })
})

describe('sidebar order', () => {
  it('follows the last message or the time a room was added, not visits', () => {
    const storage = memoryStorage()
    updateRoom('quiet', { addedAt: 10, visitedAt: 10 }, storage)
    updateRoom('busy', { addedAt: 5, visitedAt: 5, lastMessageAt: 50 }, storage)
    updateRoom('new', { addedAt: 30, visitedAt: 30 }, storage)
    updateRoom('quiet', { visitedAt: 99 }, storage)
    expect(byActivity(loadRooms(storage)).map((room) => room.id)).toEqual(['busy', 'new', 'quiet'])
  })
})

describe('mentions in threads', () => {
  it('count in the room’s badge until their thread is read, whatever the timeline says', () => {
    const storage = memoryStorage()
    updateRoom(
      'a',
      { messageCount: 5, readCount: 5, threadCounts: { r: 4 }, threadMentions: { r: [2] } },
      storage,
    )
    const [room] = loadRooms(storage)
    expect(room && [unreadCount(room), mentionCount(room)]).toEqual([4, 1])
    updateRoom('a', { threadReads: { r: 3 } }, storage)
    const [read] = loadRooms(storage)
    expect(read && [unreadCount(read), mentionCount(read)]).toEqual([1, 0])
  })
})
