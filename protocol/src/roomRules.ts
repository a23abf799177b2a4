// The rules of a room: who owns it, who moderates it, who is muted or banned, who may write at all
// and who may change its title and topic. Every client and the relay fold the same signed control
// entries in log order with this one piece of code, so everyone reaches the same result; two
// moderators acting at once resolve by log order, which is the same on every peer.
//
// Levels as in Matrix: owner 100, moderator 50, member 0. The room's first signed entry makes its
// author an owner. Only an owner names moderators or other owners, and a level can be changed
// only by someone above it (an owner may step down, unless they are the last owner). Moderators
// and owners mute, ban and restore people below them. A room whose first entry is `members` is
// closed: only the keys it lists may write (direct messages).

export const LEVEL_OWNER = 100
export const LEVEL_MODERATOR = 50
export const LEVEL_MEMBER = 0
const LEVELS = new Set([LEVEL_OWNER, LEVEL_MODERATOR, LEVEL_MEMBER])

/** Control entry bodies (the `body` of a signed envelope, parsed). */
export type ControlBody =
  | { v: 2; type: 'members'; keys: string[] }
  | { v: 2; type: 'role'; target: string; level: number }
  | { v: 2; type: 'ban'; target: string; on: boolean }
  | { v: 2; type: 'mute'; target: string; on: boolean }
  | { v: 2; type: 'policy'; title: number; topic: number }

export const CONTROL_TYPES = new Set(['members', 'role', 'ban', 'mute', 'policy'])

/** Who may change the title and the topic: the lowest level allowed. */
export interface RoomPolicy {
  title: number
  topic: number
}

export interface RoomRulesView {
  levelOf(key: string): number
  isBanned(key: string): boolean
  isMuted(key: string): boolean
  /** Whether `key` may write at all: not banned, and a member where the room lists its members. */
  mayWrite(key: string): boolean
  readonly members: ReadonlySet<string> | null
  readonly owners: readonly string[]
  readonly policy: RoomPolicy
}

export interface RoomRules extends RoomRulesView {
  /**
   * Folds the next signed entry in log order (any type: the first one makes its author an owner).
   * Returns null when it applied or was not a control entry, or why a control entry changed nothing.
   */
  apply(author: string, body: unknown): string | null
}

const DEFAULT_POLICY: RoomPolicy = { title: LEVEL_MEMBER, topic: LEVEL_MEMBER }

export function createRoomRules(): RoomRules {
  const levels = new Map<string, number>()
  const banned = new Set<string>()
  const muted = new Set<string>()
  let members: Set<string> | null = null
  let policy = DEFAULT_POLICY
  let first = true

  const levelOf = (key: string) => levels.get(key) ?? LEVEL_MEMBER
  // Read for every update the relay admits; recomputed only when a level changes (rare).
  let ownerList: readonly string[] | null = null
  const owners = () => {
    ownerList ??= [...levels].filter(([, level]) => level === LEVEL_OWNER).map(([key]) => key)
    return ownerList
  }
  const setLevel = (key: string, level: number) => {
    levels.set(key, level)
    ownerList = null
  }

  const applyControl = (author: string, body: ControlBody): string | null => {
    const actor = levelOf(author)
    switch (body.type) {
      case 'members':
        return 'members can only be declared by the first entry'
      case 'policy':
        if (actor < LEVEL_OWNER) return 'only an owner changes who may set the title and topic'
        policy = { title: body.title, topic: body.topic }
        return null
      case 'role': {
        const target = levelOf(body.target)
        if (actor < LEVEL_OWNER) return 'only an owner names moderators and owners'
        if (body.target === author) {
          if (body.level < LEVEL_OWNER && owners().length === 1) return 'the last owner cannot step down'
        } else if (target >= actor) {
          return 'only someone above a person can change their level'
        }
        setLevel(body.target, body.level)
        return null
      }
      case 'ban':
      case 'mute': {
        if (actor < LEVEL_MODERATOR) return 'only moderators and owners mute and ban'
        if (levelOf(body.target) >= actor) return 'only someone above a person can mute or ban them'
        const set = body.type === 'ban' ? banned : muted
        if (body.on) set.add(body.target)
        else set.delete(body.target)
        return null
      }
    }
  }

  return {
    apply(author, value) {
      const body = parseControlBody(value)
      if (first) {
        first = false
        setLevel(author, LEVEL_OWNER)
        if (body?.type === 'members') {
          members = new Set(body.keys)
          return null
        }
      }
      if (body === null) return null
      if (banned.has(author) || (members !== null && !members.has(author)))
        return 'its author may not write here'
      return applyControl(author, body)
    },
    levelOf,
    isBanned: (key) => banned.has(key),
    isMuted: (key) => muted.has(key),
    mayWrite: (key) => !banned.has(key) && (members === null || members.has(key)),
    get members() {
      return members
    },
    get owners() {
      return owners()
    },
    get policy() {
      return policy
    },
  }
}

const KEY = /^[A-Za-z0-9_-]{43}$/
const MAX_MEMBERS = 64

/** The control entry `value` is (a parsed body), or null for anything else. */
export function parseControlBody(value: unknown): ControlBody | null {
  if (typeof value !== 'object' || value === null) return null
  const body = value as Record<string, unknown>
  if (body.v !== 2 || typeof body.type !== 'string' || !CONTROL_TYPES.has(body.type)) return null
  switch (body.type) {
    case 'members': {
      const keys = body.keys
      if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_MEMBERS) return null
      return keys.every((key) => typeof key === 'string' && KEY.test(key))
        ? { v: 2, type: 'members', keys: keys as string[] }
        : null
    }
    case 'role':
      return typeof body.target === 'string' && KEY.test(body.target) && LEVELS.has(body.level as number)
        ? { v: 2, type: 'role', target: body.target, level: body.level as number }
        : null
    case 'ban':
    case 'mute':
      return typeof body.target === 'string' && KEY.test(body.target) && typeof body.on === 'boolean'
        ? { v: 2, type: body.type, target: body.target, on: body.on }
        : null
    default:
      return LEVELS.has(body.title as number) && LEVELS.has(body.topic as number)
        ? { v: 2, type: 'policy', title: body.title as number, topic: body.topic as number }
        : null
  }
}

/** The type field of a control entry, with the white space JSON allows around its colon. */
const CONTROL_TYPE_FIELD = /"type"\s*:\s*"(?:members|role|ban|mute|policy)"/

/**
 * Whether an entry body (JSON text) may be a control entry, without parsing it: what the relay
 * checks for every entry before it parses the few that are.
 */
export function mayBeControl(body: string): boolean {
  return CONTROL_TYPE_FIELD.test(body)
}

/** A person's inbox: a room only invitations may be written to, named from their key. */
const INBOX_ROOM = /^inbox-[A-Za-z0-9_-]{22}$/
export const INBOX_ROOM_PREFIX = 'inbox-'

export function isInboxRoom(room: string): boolean {
  return INBOX_ROOM.test(room)
}
