// One function per kind of entry a person writes: checks at once (throws EntryLimitError), then
// signs and appends through the room writer (see writer.ts for the order and timing).
import {
  editEntry,
  joinEntry,
  type MessageDraft,
  messageEntry,
  type ProfileDraft,
  profileEntry,
  reactionEntry,
  retractEntry,
  titleEntry,
  topicEntry,
} from './bodies'
import type { Appended, RoomWriter } from './writer'

type Written = Promise<Appended | null>

export function appendMessage(writer: RoomWriter, draft: string | MessageDraft, now?: number): Written {
  return writer.append(messageEntry(draft), now)
}

export function appendJoin(writer: RoomWriter, now?: number): Written {
  return writer.append(joinEntry(), now)
}

export function appendTitle(writer: RoomWriter, title: string, now?: number): Written {
  return writer.append(titleEntry(title), now)
}

/** Sets the room's topic; an empty text clears it. */
export function appendTopic(writer: RoomWriter, topic: string, now?: number): Written {
  return writer.append(topicEntry(topic), now)
}

/** Replaces the text of your own message `target` (everyone ignores an edit of someone else's). */
export function appendEdit(writer: RoomWriter, target: string, text: string, now?: number): Written {
  return writer.append(editEntry(target, text), now)
}

export function appendRetract(writer: RoomWriter, target: string, now?: number): Written {
  return writer.append(retractEntry(target), now)
}

/** Sets (`on`) or clears your `emoji` reaction on `target`. */
export function appendReaction(
  writer: RoomWriter,
  reaction: { target: string; emoji: string; on: boolean },
  now?: number,
): Written {
  return writer.append(reactionEntry(reaction), now)
}

/** Your profile as it is now, to the room (its `seq` decides which of your profiles is current). */
export function appendProfile(writer: RoomWriter, profile: ProfileDraft, now?: number): Written {
  return writer.append(profileEntry(profile), now)
}
