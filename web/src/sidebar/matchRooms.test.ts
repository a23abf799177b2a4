import { describe, expect, it } from 'vitest'
import { matchRooms, neighbourRoom } from './matchRooms'

const rooms = [
  { id: 'a', title: 'Team standup' },
  { id: 'b', title: 'Café plans' },
  { id: 'c', title: null },
  { id: 'd', title: 'Standards' },
]

describe('finding rooms by name', () => {
  it('keeps names with every word, those starting with the query first', () => {
    expect(matchRooms(rooms, 'stand').map((r) => r.id)).toEqual(['d', 'a'])
    expect(matchRooms(rooms, 'cafe').map((r) => r.id)).toEqual(['b'])
    expect(matchRooms(rooms, 'team up').map((r) => r.id)).toEqual(['a'])
    expect(matchRooms(rooms, 'untitled').map((r) => r.id)).toEqual(['c'])
    expect(matchRooms(rooms, '  ').map((r) => r.id)).toEqual(['a', 'b', 'c', 'd'])
  })
})

describe('moving between rooms', () => {
  it('steps through the list and wraps around', () => {
    expect(neighbourRoom(rooms, 'a', 1)?.id).toBe('b')
    expect(neighbourRoom(rooms, 'a', -1)?.id).toBe('d')
    expect(neighbourRoom(rooms, 'd', 1)?.id).toBe('a')
    expect(neighbourRoom(rooms, null, 1)?.id).toBe('a')
    expect(neighbourRoom([], 'a', 1)).toBeNull()
  })
})
