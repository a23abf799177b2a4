// The mention context for one room view: built once per members map (the fold reuses the map
// until membership changes), so each row does not rebuild the pattern.
import type { Member } from '../room'
import { createMentionContext, type MentionContext } from './mentions'

const contexts = new WeakMap<ReadonlyMap<string, Member>, Map<string, MentionContext>>()

export function roomMentionContext(members: ReadonlyMap<string, Member>, myId: string): MentionContext {
  let byUser = contexts.get(members)
  if (!byUser) {
    byUser = new Map()
    contexts.set(members, byUser)
  }
  let context = byUser.get(myId)
  if (!context) {
    const names = [...members.values()].map((member) => member.name)
    context = createMentionContext(names, members.get(myId)?.name ?? '')
    byUser.set(myId, context)
  }
  return context
}

const others = new WeakMap<ReadonlyMap<string, Member>, { myId: string; names: readonly string[] }>()

/** The names the composer offers after `@`: every member but me, same array while unchanged. */
export function otherMemberNames(members: ReadonlyMap<string, Member>, myId: string): readonly string[] {
  const cached = others.get(members)
  if (cached?.myId === myId) return cached.names
  const names = [...members.values()].filter((member) => member.id !== myId).map((member) => member.name)
  others.set(members, { myId, names })
  return names
}
