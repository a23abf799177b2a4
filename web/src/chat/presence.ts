// Who is here and who is typing, read from awareness states. Pure: takes the states map.
import type { PresenceState, RoomUser } from '../sync'

export interface PresenceUser extends RoomUser {
  typing: boolean
  isMe: boolean
  /** In the room's call (on any of their devices). */
  inCall: boolean
}

export interface Presence {
  online: readonly PresenceUser[]
  typing: readonly PresenceUser[]
}

const COLOR = /^#[0-9a-fA-F]{6}$/

/** Whether the state a client id publishes proves the key it claims (see presenceProofs.ts). */
export type ProvesKey = (clientId: number, key: string, proof: unknown) => boolean

function readState(value: unknown): PresenceState | null {
  const state = value as Partial<PresenceState> | null
  const user = state?.user
  if (!user || typeof user.id !== 'string' || typeof user.name !== 'string' || user.name === '') return null
  const color = typeof user.color === 'string' && COLOR.test(user.color) ? user.color : '#868e96'
  const inCall = typeof state?.call === 'object' && state.call !== null
  return {
    user: { id: user.id, name: user.name.slice(0, 64), color },
    typing: state?.typing === true,
    ...(inCall ? { call: state.call } : {}),
  }
}

/**
 * One entry per user (several tabs or devices count once), me first, then by name. A state
 * counts only when `proves` says its client id holds a proof for the key it claims.
 */
export function readPresence(
  states: ReadonlyMap<number, unknown>,
  myId: string,
  proves: ProvesKey,
): Presence {
  const byUser = new Map<string, PresenceUser>()
  for (const [clientId, value] of states) {
    const state = readState(value)
    if (state === null || !proves(clientId, state.user.id, (value as { proof?: unknown }).proof)) continue
    const seen = byUser.get(state.user.id)
    byUser.set(state.user.id, {
      ...state.user,
      typing: state.typing || (seen?.typing ?? false),
      isMe: state.user.id === myId,
      inCall: state.call !== undefined || (seen?.inCall ?? false),
    })
  }
  const online = [...byUser.values()].sort(
    (a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name),
  )
  return { online, typing: online.filter((user) => user.typing && !user.isMe) }
}

export function samePresence(a: Presence, b: Presence): boolean {
  const key = (p: Presence) =>
    p.online.map((u) => `${u.id}|${u.name}|${u.color}|${u.typing}|${u.inCall}`).join(',')
  return key(a) === key(b)
}
