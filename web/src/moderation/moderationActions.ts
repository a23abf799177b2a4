// What owners and moderators do from the app: each is one signed entry through the room writer.
// Permission is checked by everyone's fold (and by the relay for bans), not by this module; the UI
// only offers what permissions.ts says will count.
import type { RoomPolicy } from '@parley/protocol'
import { attempt } from '../chat/actions/messageActions'
import type { RoomWriter } from '../room/writer'
import { appendModeration } from './appendModeration'

export interface ModerationActions {
  /** Hides (`on`) or restores the message `entryId` for everyone. */
  hide(entryId: string, on: boolean): string | null
  mute(key: string, on: boolean): string | null
  ban(key: string, on: boolean): string | null
  setLevel(key: string, level: number): string | null
  setPolicy(policy: RoomPolicy): string | null
}

interface Room {
  writer: RoomWriter
  /** Why nothing can be written now, or null. */
  blocked(): string | null
}

export function createModerationActions(room: Room): ModerationActions {
  const { writer } = room
  const write = (draft: Parameters<typeof appendModeration>[1]) =>
    attempt(room.blocked(), () => appendModeration(writer, draft))
  return {
    hide: (target, on) => write({ type: 'hide', target, on }),
    mute: (target, on) => write({ type: 'mute', target, on }),
    ban: (target, on) => write({ type: 'ban', target, on }),
    setLevel: (target, level) => write({ type: 'role', target, level }),
    setPolicy: (policy) => write({ type: 'policy', title: policy.title, topic: policy.topic }),
  }
}
