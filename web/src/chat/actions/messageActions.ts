// What a person can do to a message: edit or retract their own, toggle a reaction. Each is one
// appended, signed entry (the log is never rewritten); the fold turns them into the message's state.
import {
  type Appended,
  appendEdit,
  appendReaction,
  appendRetract,
  checkEmoji,
  checkMessageText,
  EntryLimitError,
  hasReacted,
  type MessageItem,
  type RoomWriter,
} from '../../room'

export interface MessageActions {
  /** Replaces the text of your own message; returns the reason shown when it cannot. */
  edit(item: MessageItem, text: string): string | null
  retract(item: MessageItem): string | null
  /** Adds your `emoji` reaction, or removes it if you had it: writes the opposite of what you see. */
  toggleReaction(item: MessageItem, emoji: string): string | null
}

interface Room {
  /** Signs and appends in order, once the room's history is loaded (see room/writer.ts). */
  writer: RoomWriter
  /** Why nothing can be written now (the room must be repaired first), or null. */
  blocked?(): string | null
}

export const ONLY_OWN = 'Only your own messages can be changed.'
export const UNVERIFIED_IS_READ_ONLY = 'Messages from before signed entries cannot be changed any more.'

/** Runs `append`; returns the reason it refused at once, or null once the write is on its way. */
export function attempt(blocked: string | null, append: () => Promise<Appended | null>): string | null {
  if (blocked !== null) return blocked
  try {
    void append().catch((error: unknown) => console.error('Parley could not write to the room:', error))
  } catch (failure) {
    if (failure instanceof EntryLimitError) return failure.message
    throw failure
  }
  return null
}

export function createMessageActions(room: Room): MessageActions {
  const { writer } = room
  const write = (append: () => Promise<Appended | null>) => attempt(room.blocked?.() ?? null, append)
  const own = (item: MessageItem) => (item.author.id === writer.key && !item.retracted ? null : ONLY_OWN)
  return {
    edit(item, text) {
      const problem = own(item) ?? checkMessageText(text)
      if (problem !== null) return problem
      if (text === item.text) return null
      return write(() => appendEdit(writer, item.entryId, text))
    },
    retract(item) {
      return own(item) ?? write(() => appendRetract(writer, item.entryId))
    },
    toggleReaction(item, emoji) {
      const problem = item.author.verified ? checkEmoji(emoji) : UNVERIFIED_IS_READ_ONLY
      if (problem !== null) return problem
      const on = !hasReacted(item, emoji, writer.key)
      return write(() => appendReaction(writer, { target: item.entryId, emoji, on }))
    },
  }
}
