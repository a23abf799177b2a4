import { describe, expect, it } from 'vitest'
import { parseRoute, roomPath } from './route'

const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA'

describe('route', () => {
  it('reads the room and the message to show', () => {
    expect(parseRoute(`/r/${ROOM}`, '#abc_-1')).toEqual({ page: 'room', roomId: ROOM, entryId: 'abc_-1' })
    expect(parseRoute(`/r/${ROOM}`, '#<script>')).toEqual({ page: 'room', roomId: ROOM, entryId: null })
    expect(roomPath(ROOM, 'e1')).toBe(`/r/${ROOM}#e1`)
  })
})
