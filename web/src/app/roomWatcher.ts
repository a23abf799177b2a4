// Keeps one room's summary in the room list current without showing the room: the home page syncs
// the rooms visited last, so their unread and mention counts move while they are closed.
import { type Author, createFold } from '../room'
import { openRoom } from '../sync'
import { loadRooms, updateRoom } from './roomIndex'
import { summaryOfView, unreadMentions } from './roomSummary'

export interface RoomWatcher {
  close(): void
}

export function watchRoom(roomId: string, me: Author, onChange: () => void): RoomWatcher {
  const connection = openRoom(roomId, { user: me, presence: false })
  const fold = createFold(connection.doc)
  let published = ''
  const publish = () => {
    // Before its history is loaded the doc is partial: its counts are not the room's.
    if (!connection.getState().loaded) return
    const view = fold.getSnapshot()
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
      fold.close()
      connection.close()
    },
  }
}
