// Which invitations the sidebar shows: the newest one per sender, none from a blocked person, a
// contact, an ignored room or oneself. Pure, so the rules are tested alone.
import type { DirectMessageState } from './dmStore'
import type { Invitation } from './invitation'

export function pendingInvitations(
  opened: Iterable<Invitation>,
  state: DirectMessageState,
  me: string,
): Invitation[] {
  const blocked = new Set(state.blocked)
  const ignored = new Set(state.ignored)
  const contacts = new Set(state.contacts.map((contact) => contact.key))
  const newest = new Map<string, Invitation>()
  for (const invitation of opened) {
    const { from, room } = invitation
    if (from === me || blocked.has(from) || contacts.has(from) || ignored.has(room)) continue
    const known = newest.get(from)
    if (known === undefined || invitation.ts > known.ts) newest.set(from, invitation)
  }
  return [...newest.values()].sort((a, b) => b.ts - a.ts)
}
