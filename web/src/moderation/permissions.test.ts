import { LEVEL_MEMBER, LEVEL_MODERATOR, LEVEL_OWNER } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import { type Moderation, NO_MODERATION } from './moderationFold'
import { canModerate, levelsToGive, whyCannotWrite } from './permissions'

function room(change: Partial<Moderation>): Moderation {
  return { ...NO_MODERATION, ...change }
}

const levels = new Map([
  ['owner', LEVEL_OWNER],
  ['mod', LEVEL_MODERATOR],
])

describe('what the app offers', () => {
  it('offers moderation only to those above the person', () => {
    const moderation = room({ levels })
    expect(canModerate(moderation, 'mod', 'member')).toBe(true)
    expect(canModerate(moderation, 'owner', 'mod')).toBe(true)
    expect(canModerate(moderation, 'mod', 'owner')).toBe(false)
    expect(canModerate(moderation, 'member', 'other')).toBe(false)
    expect(canModerate(moderation, 'mod', 'mod')).toBe(false)
    expect(canModerate(room({ levels, banned: new Set(['mod']) }), 'mod', 'member')).toBe(false)
  })

  it('offers roles from owners only, and never the last owner’s own demotion', () => {
    const moderation = room({ levels })
    expect(levelsToGive(moderation, 'owner', 'member')).toEqual([LEVEL_OWNER, LEVEL_MODERATOR])
    expect(levelsToGive(moderation, 'owner', 'mod')).toEqual([LEVEL_OWNER, LEVEL_MEMBER])
    expect(levelsToGive(moderation, 'mod', 'member')).toEqual([])
    expect(levelsToGive(moderation, 'owner', 'owner')).toEqual([])
    const twoOwners = room({ levels: new Map([...levels, ['second', LEVEL_OWNER]]) })
    expect(levelsToGive(twoOwners, 'owner', 'owner')).toEqual([LEVEL_MODERATOR, LEVEL_MEMBER])
    expect(levelsToGive(twoOwners, 'owner', 'second')).toEqual([])
  })

  it('says why someone cannot write: banned, not a member, muted', () => {
    expect(whyCannotWrite(room({ banned: new Set(['me']) }), 'me')).toMatch(/banned/)
    expect(whyCannotWrite(room({ members: new Set(['a', 'b']) }), 'me')).toMatch(/Only the members/)
    expect(whyCannotWrite(room({ muted: new Set(['me']) }), 'me')).toMatch(/muted/)
    expect(whyCannotWrite(room({}), 'me')).toBeNull()
  })
})
