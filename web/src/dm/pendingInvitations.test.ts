import { describe, expect, it } from 'vitest'
import type { DirectMessageState } from './dmStore'
import type { Invitation } from './invitation'
import { pendingInvitations } from './pendingInvitations'

const invite = (from: string, ts: number, room = `room-${from}`): Invitation => ({
  from,
  dh: 'd'.repeat(43),
  room,
  name: from,
  ts,
})
const none: DirectMessageState = { contacts: [], ignored: [], blocked: [] }

describe('pending invitations', () => {
  it('shows the newest invitation of each sender, newest first', () => {
    const shown = pendingInvitations([invite('ann', 1), invite('bob', 3), invite('ann', 5)], none, 'me')
    expect(shown.map((i) => [i.from, i.ts])).toEqual([
      ['ann', 5],
      ['bob', 3],
    ])
  })

  it('hides invitations of blocked people, contacts, ignored rooms and oneself', () => {
    const state: DirectMessageState = {
      contacts: [{ key: 'cat', room: 'room-cat', name: 'Cat', since: 1 }],
      ignored: ['room-ida'],
      blocked: ['bob'],
    }
    const all = [invite('bob', 1), invite('cat', 2), invite('ida', 3), invite('me', 4), invite('ann', 5)]
    expect(pendingInvitations(all, state, 'me').map((i) => i.from)).toEqual(['ann'])
  })
})
