import { describe, expect, it } from 'vitest'
import { readPresence } from './presence'

describe('readPresence', () => {
  it('counts a user with two tabs once, lists me first and who else is typing', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'b', name: 'Bob', color: '#2f9e44' }, typing: false }],
      [2, { user: { id: 'b', name: 'Bob', color: '#2f9e44' }, typing: true }],
      [3, { user: { id: 'me', name: 'Zoe', color: '#1971c2' }, typing: true }],
      [4, { nonsense: true }],
      [5, { user: { id: 'c', name: 'Cy', color: 'url(x)' }, typing: false }],
    ])
    const presence = readPresence(states, 'me', () => true)
    expect(presence.online.map((u) => u.name)).toEqual(['Zoe', 'Bob', 'Cy'])
    expect(presence.online[2]?.color).toBe('#868e96')
    expect(presence.typing.map((u) => u.name)).toEqual(['Bob'])
  })

  it('leaves out every state whose client id does not prove the key it claims', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'alice', name: 'Alice', color: '#2f9e44' }, typing: true, proof: 'good' }],
      [2, { user: { id: 'bob', name: 'Bob', color: '#2f9e44' }, typing: true, proof: 'copied' }],
      [3, { user: { id: 'bob', name: 'Bob', color: '#2f9e44' }, typing: false }],
    ])
    const presence = readPresence(
      states,
      'me',
      (clientId, key, proof) => clientId === 1 && key === 'alice' && proof === 'good',
    )
    expect(presence.online.map((u) => u.id)).toEqual(['alice'])
    expect(presence.typing.map((u) => u.id)).toEqual(['alice'])
  })

  it('marks who is in the call, on any of their devices', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'b', name: 'Bob', color: '#2f9e44' }, typing: false, call: { since: 1 } }],
      [2, { user: { id: 'b', name: 'Bob', color: '#2f9e44' }, typing: false }],
      [3, { user: { id: 'me', name: 'Zoe', color: '#1971c2' }, typing: false, call: null }],
    ])
    expect(readPresence(states, 'me', () => true).online.map((u) => [u.name, u.inCall])).toEqual([
      ['Zoe', false],
      ['Bob', true],
    ])
  })
})
