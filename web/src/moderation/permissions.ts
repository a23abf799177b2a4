// What a person may do to others in a room, from the room's moderation as folded: the same rules
// roomRules.ts applies, asked before writing so the app offers only what will count.
import { LEVEL_MEMBER, LEVEL_MODERATOR, LEVEL_OWNER } from '@parley/protocol'
import { levelIn, type Moderation } from './moderationFold'

/** Whether `me` may mute, ban or hide messages of `target`: a moderator or owner above them. */
export function canModerate(moderation: Moderation, me: string, target: string): boolean {
  const level = levelIn(moderation, me)
  return (
    me !== target &&
    !moderation.banned.has(me) &&
    level >= LEVEL_MODERATOR &&
    level > levelIn(moderation, target)
  )
}

/** The levels `me` may give `target` (owners only; the last owner keeps their level). */
export function levelsToGive(moderation: Moderation, me: string, target: string): number[] {
  const level = levelIn(moderation, me)
  if (level < LEVEL_OWNER || moderation.banned.has(me)) return []
  const current = levelIn(moderation, target)
  if (me === target) {
    const owners = [...moderation.levels.values()].filter((l) => l === LEVEL_OWNER).length
    return owners > 1 ? [LEVEL_MODERATOR, LEVEL_MEMBER] : []
  }
  if (current >= level) return []
  return [LEVEL_OWNER, LEVEL_MODERATOR, LEVEL_MEMBER].filter((l) => l !== current)
}

/** Why `me` cannot write here now, or null: banned, muted, or not one of a closed room's members. */
export function whyCannotWrite(moderation: Moderation, me: string): string | null {
  if (moderation.banned.has(me))
    return 'You are banned from this room: the relay refuses what you write here.'
  if (moderation.members !== null && !moderation.members.has(me))
    return 'Only the members of this conversation can write here.'
  if (moderation.muted.has(me)) return 'A moderator muted you in this room: nobody sees what you write here.'
  return null
}

export function levelName(level: number): string {
  return level >= LEVEL_OWNER ? 'owner' : level >= LEVEL_MODERATOR ? 'moderator' : 'member'
}
