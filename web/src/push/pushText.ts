// How a push is worded, from its payload (a room and a position, no text), what this device knows
// of the room, and, for a room at level 'mentions', whether its new entries mention this person
// (newMention.ts). Pure: the service worker calls it.
import type { MirroredRoom } from './pushMirror'

export interface PushPayload {
  room: string
  /** Entries in the room's log (as the relay holds it) once the pushed entry was appended. */
  position: number
}

export interface PushNotice {
  title: string
  body: string
  /** One notification per room and kind: a newer push replaces the older one. */
  tag: string
  url: string
  /** Shown without sound or vibration: there was nothing for this person. */
  silent: boolean
}

/** What the room's new entries say about this person, for a room at level 'mentions'. */
export type MentionCheck =
  | { kind: 'mentioned'; by: string }
  | { kind: 'notMentioned' }
  /** The new entries could not be read (relay unreachable, storage blocked, too slow). */
  | { kind: 'unchecked' }

const ROOM_ID = /^[A-Za-z0-9_-]{1,128}$/
const OPEN_IT = 'Open the room to read it'

/** The relay's payload in `data`, or null for anything that is not one. */
export function readPushPayload(data: string | null): PushPayload | null {
  let payload: { room?: unknown; position?: unknown }
  try {
    payload = JSON.parse(data ?? '') as typeof payload
  } catch {
    return null
  }
  if (typeof payload?.room !== 'string' || !ROOM_ID.test(payload.room)) return null
  const position = Number.isSafeInteger(payload.position) ? (payload.position as number) : 0
  return { room: payload.room, position }
}

/** Whether wording this push needs the room's new entries (only mentions depend on them). */
export function needsMentionCheck(known: MirroredRoom | null): boolean {
  return known?.level === 'mentions'
}

/** The tag of the quiet notice, apart from the room's others so it never replaces a mention. */
export function quietTag(room: string): string {
  return `quiet:${room}`
}

/** The notification for a push to `room`, or null for a muted room. */
export function pushNotice(room: string, known: MirroredRoom | null, check: MentionCheck): PushNotice | null {
  if (known?.level === 'mute') return null
  const where = known?.title || null
  const notice = { tag: `room:${room}`, url: `/r/${room}`, silent: false }
  if (known?.level === 'mentions' && check.kind === 'mentioned') {
    return { ...notice, title: `${check.by} mentioned you in ${where ?? 'a room'}`, body: OPEN_IT }
  }
  if (known?.level === 'mentions' && check.kind === 'notMentioned') {
    // Nothing to show, but Chromium subscribes only with `userVisibleOnly: true` and, when a push
    // shows no notification, shows its own "This site has been updated in the background" (with
    // sound) instead. A quiet notice that says there is nothing for them is the lesser noise.
    return {
      ...notice,
      tag: quietTag(room),
      silent: true,
      title: where ?? 'A room',
      body: 'New messages, none mentioning you',
    }
  }
  const body = known?.level === 'mentions' ? 'Open the room to see whether it mentions you' : OPEN_IT
  return { ...notice, title: `New message in ${where ?? 'a room'}`, body }
}
