import type { Author, MessageItem } from '../../room'
import type { MessageActions } from '../actions/messageActions'

/** What a message row can ask for, beyond the room's own message actions. */
export interface RowActions extends MessageActions {
  reply(item: MessageItem): void
  /** Scrolls to the message `entryId` (however far up) and highlights it. */
  jumpTo(entryId: string): void
  /** Opens the profile card of `author`. */
  showAuthor(author: Author): void
  /** Starts editing the message `entryId` (null: stops). */
  setEditing(entryId: string | null): void
  /** Whether this person may hide `item` for everyone (a moderator above its author). */
  canHide(item: MessageItem): boolean
  /** Hides (`on`) or restores `item` for everyone. */
  hide(item: MessageItem, on: boolean): void
  /** Opens the thread of root message `entryId`; absent where threads cannot start (in a thread). */
  openThread?(entryId: string): void
  /** Whether message `entryId` is pinned; absent where pins are not offered. */
  isPinned?(entryId: string): boolean
  /** Names of the people whose last read message this is (read receipts, when shared). */
  seenBy?(entryId: string): readonly string[] | undefined
  /** Pins or unpins a message; absent for people who may not pin. */
  setPin?(entryId: string, on: boolean): void
}

/** Offered in the React menu; any emoji a reaction entry carries is still shown as a chip. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'] as const
