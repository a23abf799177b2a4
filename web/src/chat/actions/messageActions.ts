// What a person can do to a message: edit or retract their own, toggle a reaction. Each is one
// appended entry (the log is never rewritten); the fold turns them into the message's state.
import type * as Y from 'yjs'
import {
  type Author,
  appendEdit,
  appendReaction,
  appendRetract,
  checkEmoji,
  checkMessageText,
  EntryLimitError,
  hasReacted,
  type MessageItem,
} from '../../room'

export interface MessageActions {
  /** Replaces the text of your own message; returns the reason shown when it cannot. */
  edit(item: MessageItem, text: string): string | null
  retract(item: MessageItem): string | null
  /** Adds your `emoji` reaction, or removes it if you had it: writes the opposite of what you see. */
  toggleReaction(item: MessageItem, emoji: string): string | null
}

interface Room {
  doc: Y.Doc
  me: Author
  isLoaded(): boolean
  whenLoaded: Promise<void>
  /** Why nothing can be written now (the room must be repaired first), or null. */
  blocked?(): string | null
}

export function createMessageActions(room: Room): MessageActions {
  const { doc, me } = room
  // Like a message, an entry written before the history is in would sort before that history.
  const write = (append: () => void): string | null => {
    const blocked = room.blocked?.() ?? null
    if (blocked !== null) return blocked
    const run = () => {
      if (!doc.isDestroyed) append()
    }
    if (!room.isLoaded()) {
      void room.whenLoaded.then(run)
      return null
    }
    try {
      run()
    } catch (failure) {
      if (failure instanceof EntryLimitError) return failure.message
      throw failure
    }
    return null
  }
  const own = (item: MessageItem) =>
    item.author.id === me.id && !item.retracted ? null : 'Only your own messages can be changed.'
  return {
    edit(item, text) {
      const problem = own(item) ?? checkMessageText(text)
      if (problem !== null) return problem
      if (text === item.text) return null
      return write(() => appendEdit(doc, me, item.entryId, text))
    },
    retract(item) {
      return own(item) ?? write(() => appendRetract(doc, me, item.entryId))
    },
    toggleReaction(item, emoji) {
      const problem = checkEmoji(emoji)
      if (problem !== null) return problem
      const on = !hasReacted(item, emoji, me.id)
      return write(() => appendReaction(doc, me, { target: item.entryId, emoji, on }))
    },
  }
}
