// Keeps one room's summary in the room list current without showing the room: the sidebar syncs
// the rooms visited last, so their unread and mention counts move while they are closed, and a
// room kept open while hidden (roomPool.ts) does the same. Like an open room, it counts only
// verified entries, and only once the history is loaded and verified.
import type { VerifyEd25519 } from '@parley/protocol'
import { publishActiveCall } from '../calls/activeCalls'
import type { RoomSnapshot } from '../room'
import { openFoldedRoom, type RoomState } from '../sync'
import { threadCountsFor } from '../threads/threadUnread'
import { firstUnreadOf, readCountOf, updateRoom } from './roomIndex'
import { summaryOfView, unreadMentions } from './roomSummary'

/** Who reads the rooms: their key, and name and colour (for mentions and the presence they never show). */
export interface Reader {
  id: string
  name: string
  color: string
}

export interface RoomWatcher {
  close(): void
}

/** A room's view and connection state as plain data (an open room controller, or a folded room). */
export interface SummarySource {
  getView(): RoomSnapshot
  subscribeView(listener: () => void): () => void
  getState(): RoomState
  subscribeState(listener: () => void): () => void
}

/** Writes the room's summary whenever what the list shows of it changes; returns the stop. */
export function publishSummary(roomId: string, source: SummarySource, me: Reader): () => void {
  let published = ''
  let ready = false
  const publish = () => {
    const view = source.getView()
    // Before its history is loaded and verified the view is partial: its counts are not the room's.
    ready ||= source.getState().loaded && view.verification.pending === 0
    if (!ready) return
    const readCount = readCountOf(roomId)
    const threads = threadCountsFor(view, me)
    const change = {
      ...summaryOfView(view),
      mentionCount: unreadMentions(view, readCount, me),
      threadCounts: threads.counts,
      threadMentions: threads.mentions,
    }
    // Connection changes and reactions leave the summary as it was: nothing to write then.
    const serialized = JSON.stringify(change)
    if (serialized === published) return
    published = serialized
    updateRoom(roomId, change)
  }
  const unsubscribeView = source.subscribeView(publish)
  const unsubscribeState = source.subscribeState(publish)
  publish()
  return () => {
    unsubscribeView()
    unsubscribeState()
  }
}

export function watchRoom(roomId: string, me: Reader, verify: VerifyEd25519): RoomWatcher {
  // Its view cache keeps the window at the first unread message too, so opening lands there fast.
  const room = openFoldedRoom(roomId, {
    user: me,
    presence: false,
    verify,
    firstUnread: () => firstUnreadOf(roomId),
  })
  const { connection, fold } = room
  const stop = publishSummary(
    roomId,
    {
      getView: fold.getSnapshot,
      subscribeView: fold.subscribe,
      getState: connection.getState,
      subscribeState: connection.subscribe,
    },
    me,
  )
  const stopCallBadge = publishActiveCall(roomId, connection.awareness)
  return {
    close() {
      stop()
      stopCallBadge()
      void room.close()
    },
  }
}
