import { describe, expect, it } from 'vitest'
import { encodeReadBody, isAhead, parseReadBody, placeOf, ReadPositions } from './readEntries'

describe('read entries', () => {
  it('round-trips a mark for a room and for a thread', () => {
    const room = { room: 'r1', count: 12, last: 'abc' }
    const thread = { room: 'r1', thread: 'root', count: 3, last: 'def' }
    expect(parseReadBody(encodeReadBody(room, 5))).toEqual(room)
    expect(parseReadBody(encodeReadBody(thread, 5))).toEqual(thread)
  })

  it('refuses malformed bodies without throwing', () => {
    expect(parseReadBody('not json')).toBeNull()
    expect(parseReadBody('{"v":2,"type":"message","ts":1,"text":"hi"}')).toBeNull()
    expect(parseReadBody('{"v":2,"type":"read","ts":1,"room":"r","count":-1,"last":""}')).toBeNull()
    expect(parseReadBody('{"v":2,"type":"read","ts":1,"room":"r","count":1.5,"last":""}')).toBeNull()
    expect(parseReadBody('{"v":2,"type":"read","ts":1,"room":"","count":1,"last":""}')).toBeNull()
    expect(
      parseReadBody(`{"v":2,"type":"read","ts":1,"room":"${'r'.repeat(129)}","count":1,"last":""}`),
    ).toBeNull()
    expect(parseReadBody('{"v":3,"type":"read","ts":1,"room":"r","count":1,"last":""}')).toBeNull()
  })

  it('keeps the furthest position per place whatever order marks arrive in', () => {
    const marks = [
      { room: 'a', count: 5, last: 'e5' },
      { room: 'a', count: 9, last: 'e9' },
      { room: 'a', count: 7, last: 'e7' },
      { room: 'a', thread: 't', count: 2, last: 'x' },
      { room: 'b', count: 1, last: 'b1' },
    ]
    const forward = new ReadPositions()
    const backward = new ReadPositions()
    for (const mark of marks) forward.note(mark)
    for (const mark of [...marks].reverse()) backward.note(mark)
    for (const positions of [forward, backward]) {
      expect(positions.get('a')).toEqual({ count: 9, last: 'e9' })
      expect(positions.get('a', 't')).toEqual({ count: 2, last: 'x' })
      expect(positions.get('b')).toEqual({ count: 1, last: 'b1' })
    }
    expect(new Map(forward.entries())).toEqual(new Map(backward.entries()))
  })

  it('never moves a position back, and breaks ties by the last id', () => {
    const positions = new ReadPositions()
    expect(positions.note({ room: 'a', count: 4, last: 'm' })).toBe(true)
    expect(positions.note({ room: 'a', count: 3, last: 'z' })).toBe(false)
    expect(positions.note({ room: 'a', count: 4, last: 'a' })).toBe(false)
    expect(positions.note({ room: 'a', count: 4, last: 'n' })).toBe(true)
    expect(positions.get('a')).toEqual({ count: 4, last: 'n' })
    expect(isAhead({ count: 0, last: '' }, undefined)).toBe(true)
    expect(placeOf('a', 't')).not.toBe(placeOf('a'))
  })
})
