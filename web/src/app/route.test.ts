import { describe, expect, it } from 'vitest'
import { parseRoute, roomPath, searchPath } from './route'

const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA'

describe('route', () => {
  it('reads the room and the message to show', () => {
    expect(parseRoute(`/r/${ROOM}`, '#abc_-1')).toEqual({ page: 'room', roomId: ROOM, entryId: 'abc_-1' })
    expect(parseRoute(`/r/${ROOM}`, '#<script>')).toEqual({ page: 'room', roomId: ROOM, entryId: null })
    expect(roomPath(ROOM, 'e1')).toBe(`/r/${ROOM}#e1`)
  })
})

describe('identity routes', () => {
  it('reads the settings page and a device link with its sealed identity', () => {
    expect(parseRoute('/settings')).toEqual({ page: 'settings' })
    expect(parseRoute('/link', '#AbC-_1')).toEqual({ page: 'link', sealed: 'AbC-_1' })
    expect(parseRoute(`/r/${ROOM}`, '#v1.old-id')).toEqual({
      page: 'room',
      roomId: ROOM,
      entryId: 'v1.old-id',
    })
  })
})

describe('search route', () => {
  it('carries the words searched for', () => {
    expect(parseRoute('/search', '', '?q=zebra+crossing')).toEqual({
      page: 'search',
      query: 'zebra crossing',
    })
    expect(parseRoute('/search')).toEqual({ page: 'search', query: '' })
    expect(searchPath('a&b')).toBe('/search?q=a%26b')
  })
})
