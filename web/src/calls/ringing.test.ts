import { describe, expect, it } from 'vitest'
import type { PresenceUser } from '../chat/presence'
import { isCallingMe, ringsFor } from './ringing'

function user(id: string, extra: Partial<PresenceUser> = {}): PresenceUser {
  return { id, name: id, color: '#1971c2', typing: false, isMe: false, inCall: false, ...extra }
}

describe('ringsFor', () => {
  it('rings in direct messages only', () => {
    const direct = new Set(['dm-with-bob'])
    expect(ringsFor('dm-with-bob', direct)).toBe(true)
    expect(ringsFor('garden-club', direct)).toBe(false)
  })
})

describe('isCallingMe', () => {
  it('is a contact in the call of your shared room while you are not in it', () => {
    expect(isCallingMe([user('me', { isMe: true }), user('bob', { inCall: true })], 'bob')).toBe(true)
  })

  it('is not while they are only there, or once you are in the call too', () => {
    expect(isCallingMe([user('me', { isMe: true }), user('bob')], 'bob')).toBe(false)
    expect(
      isCallingMe([user('me', { isMe: true, inCall: true }), user('bob', { inCall: true })], 'bob'),
    ).toBe(false)
  })

  it('is not someone else in the call (only the contact can call in your shared room)', () => {
    expect(isCallingMe([user('me', { isMe: true }), user('mallory', { inCall: true })], 'bob')).toBe(false)
  })
})
