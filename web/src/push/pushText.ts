// How a push is worded, from its payload (a room and a position, no text) and what this device
// knows of the room. Pure: the service worker calls it.
import type { MirroredRoom } from './pushMirror'

export interface PushNotice {
  title: string
  body: string
  /** One notification per room: a newer push replaces the older one. */
  tag: string
  url: string
}

const ROOM_ID = /^[A-Za-z0-9_-]{1,128}$/

/** The notification for `data`, or null for a payload that is not Parley's or a muted room. */
export function pushNotice(
  data: string | null,
  room: (id: string) => MirroredRoom | null,
): PushNotice | null {
  let payload: { room?: unknown; position?: unknown }
  try {
    payload = JSON.parse(data ?? '') as typeof payload
  } catch {
    return null
  }
  if (typeof payload?.room !== 'string' || !ROOM_ID.test(payload.room)) return null
  const known = room(payload.room)
  if (known?.level === 'mute') return null
  const title = known?.title ? `New message in ${known.title}` : 'New message in a room'
  // The payload holds no text, so whether it mentions you is known only once the room is open.
  const body =
    known?.level === 'mentions'
      ? 'Open the room to read it (you asked for mentions only)'
      : 'Open the room to read it'
  return { title, body, tag: `room:${payload.room}`, url: `/r/${payload.room}` }
}
