import { MAX_CALL_SIZE } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import { callIsFull, callMembers, isPolite, readCall } from './callPresence'

const state = (id: string, since?: number, extra: Record<string, unknown> = {}) => ({
  user: { id, name: id.toUpperCase(), color: '#123456' },
  typing: false,
  ...(since === undefined ? {} : { call: { since, audio: true, video: false, screen: false, ...extra } }),
})

describe('readCall', () => {
  it('lists those with a call field, in the order they joined, client id breaking ties', () => {
    const states = new Map<number, unknown>([
      [5, state('b', 200)],
      [3, state('a', 100)],
      [9, state('c')],
      [1, state('d', 200)],
    ])
    expect(readCall(states).map((p) => [p.clientId, p.name, p.audio, p.video])).toEqual([
      [3, 'A', true, false],
      [1, 'D', true, false],
      [5, 'B', true, false],
    ])
  })

  it('ignores malformed call fields and states without a user', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'a' }, call: { since: 'soon' } }],
      [2, { call: { since: 1 } }],
      [3, { user: { id: 'c', name: '', color: 'red' }, call: { since: 1, audio: 'yes' } }],
      [4, null],
    ])
    expect(readCall(states)).toEqual([
      {
        clientId: 3,
        userId: 'c',
        name: 'Someone',
        color: '#868e96',
        since: 1,
        audio: false,
        video: false,
        screen: false,
      },
    ])
  })
})

describe('a full call', () => {
  const five = readCall(new Map([1, 2, 3, 4, 5].map((n) => [n, state(`p${n}`, n)])))

  it('is held by the first four to join; a fifth is told it is full', () => {
    expect(callMembers(five).map((p) => p.clientId)).toEqual([1, 2, 3, 4])
    const four = five.slice(0, MAX_CALL_SIZE)
    expect(callIsFull(four, 99)).toBe(true)
    expect(callIsFull(four, 4)).toBe(false) // already in it
    expect(callIsFull(four.slice(0, 3), 99)).toBe(false)
  })
})

describe('isPolite', () => {
  it('gives each pair exactly one polite side, by key then client id', () => {
    const a = { key: 'AAA', clientId: 7 }
    const b = { key: 'BBB', clientId: 3 }
    expect([isPolite(a, b), isPolite(b, a)]).toEqual([false, true])
    const sameKey = { key: 'AAA', clientId: 9 }
    expect([isPolite(a, sameKey), isPolite(sameKey, a)]).toEqual([false, true])
  })
})
