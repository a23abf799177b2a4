// Writing moderation entries: each is an ordinary signed entry through the room writer, folded by
// everyone (and, for the rules, by the relay) in log order.
import type { Appended, RoomWriter } from '../room/writer'
import type { ModerationDraft } from './controlEntry'

export function appendModeration(
  writer: RoomWriter,
  draft: ModerationDraft,
  now?: number,
): Promise<Appended | null> {
  return writer.append(draft, now)
}
