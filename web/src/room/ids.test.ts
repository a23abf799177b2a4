import { describe, expect, it } from 'vitest'
import { createRoomId, isRoomId, roomIdFromLink } from './ids'

describe('ids', () => {
  it('makes unguessable room ids the relay accepts', () => {
    const ids = new Set(Array.from({ length: 100 }, createRoomId))
    expect(ids.size).toBe(100)
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
      expect(isRoomId(id)).toBe(true)
    }
  })

  it('reads the room id from a pasted link or a bare id', () => {
    expect(roomIdFromLink(' http://localhost:8080/r/abc_DEF-12 ')).toBe('abc_DEF-12')
    expect(roomIdFromLink('https://chat.example/r/abc/?x=1#m')).toBe('abc')
    expect(roomIdFromLink('abc_DEF-12')).toBe('abc_DEF-12')
    expect(roomIdFromLink('https://chat.example/r/bad%20id')).toBeNull()
    expect(roomIdFromLink('not a link')).toBeNull()
  })
})
