// Keeps one room's summary in the room list current without showing the room: the home page syncs
// the rooms visited last, so their unread and mention counts move while they are closed. Like an
// open room, it counts only verified entries, and only once the history is loaded and verified.
import type { VerifyEd25519 } from '@parley/protocol'
import type { Reader } from '../home/useBackgroundSync'
import { openFoldedRoom } from '../sync'
import { loadRooms, updateRoom } from './roomIndex'
import { summaryOfView, unreadMentions } from './roomSummary'

export interface RoomWatcher {
  close(): void
}

export function watchRoom(
  roomId: string,
  me: Reader,
  verify: VerifyEd25519,
  onChange: () => void,
): RoomWatcher {
  const room = openFoldedRoom(roomId, { user: me, presence: false, verify })
  const { connection, fold } = room
  let published = ''
  let ready = false
  const publish = () => {
    const view = fold.getSnapshot()
    // Before its history is loaded and verified the view is partial: its counts are not the room's.
    ready ||= connection.getState().loaded && view.verification.pending === 0
    if (!ready) return
    const readCount = loadRooms().find((room) => room.id === roomId)?.readCount ?? 0
    const change = { ...summaryOfView(view), mentionCount: unreadMentions(view, readCount, me) }
    // Connection changes and reactions leave the summary as it was: nothing to write then.
    const serialized = JSON.stringify(change)
    if (serialized === published) return
    published = serialized
    updateRoom(roomId, change)
    onChange()
  }
  const unsubscribeFold = fold.subscribe(publish)
  const unsubscribeState = connection.subscribe(publish)
  return {
    close() {
      unsubscribeFold()
      unsubscribeState()
      void room.close()
    },
  }
}
