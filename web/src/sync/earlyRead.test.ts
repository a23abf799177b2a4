import { describe, expect, it } from 'vitest'
import { parseRoute } from '../app/route'
import { createRoomId } from '../room'
import { roomDbName, takeEarlyRead } from './earlyRead'

describe('roomDbName', () => {
  it('names the database of exactly the pages the app opens as rooms', () => {
    const id = createRoomId()
    for (const path of [
      `/r/${id}`,
      `/r/${id}/`,
      '/',
      '/r/',
      '/r/a/b',
      '/r/has%20space',
      `/x/${id}`,
      `/r/${'a'.repeat(129)}`,
    ]) {
      const route = parseRoute(path)
      expect(roomDbName(path)).toBe(route.page === 'room' ? `parley:${route.roomId}` : null)
    }
    expect(roomDbName(`/r/${id}`)).toBe(`parley:${id}`)
  })

  it('has no early read outside a browser', () => {
    expect(takeEarlyRead('parley:anything')).toBeNull()
  })
})
