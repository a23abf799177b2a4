import { describe, expect, it } from 'vitest'
import type { ProfileEntry } from '../room'
import { reconcileProfile } from './profile'

const local = { seq: 4, name: 'Alice', color: '#1971c2', avatar: null, status: null }

function inRoom(seq: number, name = 'Alice'): ProfileEntry {
  return { ...local, seq, name, type: 'profile', id: `p${seq}`, authorId: 'k', ts: 1, claim: null, dh: null }
}

describe('reconcileProfile', () => {
  it("writes this device's profile to a room that lacks it or has an older one", () => {
    expect(reconcileProfile(local, undefined)).toEqual({ kind: 'write', profile: local })
    expect(reconcileProfile(local, inRoom(3, 'Old'))).toEqual({ kind: 'write', profile: local })
  })

  it('adopts a newer profile written by another device', () => {
    expect(reconcileProfile(local, inRoom(5, 'Alicia'))).toEqual({
      kind: 'adopt',
      profile: { ...local, seq: 5, name: 'Alicia' },
    })
  })

  it('does nothing when the room has it already', () => {
    expect(reconcileProfile(local, inRoom(4))).toEqual({ kind: 'none' })
  })

  it('settles a tie of two devices on the same contents from either side', () => {
    const onA = reconcileProfile({ ...local, name: 'Ay' }, inRoom(4, 'Bee'))
    const onB = reconcileProfile({ ...local, name: 'Bee' }, inRoom(4, 'Ay'))
    expect(onA).toEqual({ kind: 'adopt', profile: { ...local, name: 'Bee' } })
    expect(onB).toEqual({ kind: 'write', profile: { ...local, name: 'Bee', seq: 5 } })
  })

  it('writes the profile again, one higher, where the room lacks this identity’s key for direct messages', () => {
    const dh = 'x'.repeat(43)
    expect(reconcileProfile(local, inRoom(4), dh)).toEqual({ kind: 'write', profile: { ...local, seq: 5 } })
    expect(reconcileProfile(local, { ...inRoom(4), dh }, dh)).toEqual({ kind: 'none' })
  })
})
