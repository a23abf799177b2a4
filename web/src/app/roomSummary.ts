// What the room list shows of a room, from its folded view: shared by the open room and by the
// home page's background sync, so both write the same summary.
import { countUnreadMentions } from '../notify/arrivals'
import type { RoomSnapshot } from '../room'
import type { RoomSummary } from './roomIndex'

export function summaryOfView(
  view: RoomSnapshot,
): Pick<RoomSummary, 'title' | 'preview' | 'lastMessageAt' | 'messageCount'> {
  const last = view.lastMessage
  return {
    title: view.title,
    preview: last?.kind === 'message' ? `${last.author.name}: ${last.text}` : null,
    lastMessageAt: last?.ts ?? null,
    messageCount: view.messageCount,
  }
}

/** Mentions of `me` among the messages not yet read, given how many were read. */
export function unreadMentions(
  view: RoomSnapshot,
  readCount: number,
  me: { id: string; name: string },
): number {
  return countUnreadMentions(view.timeline, Math.max(0, view.messageCount - readCount), me)
}
