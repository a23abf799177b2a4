import { useEffect } from 'react'
import type { RoomSummary } from '../app/roomIndex'
import { watchRoom } from '../app/roomWatcher'
import type { Author } from '../room'

/** How many of the most recently visited rooms the home page keeps in sync. */
const BACKGROUND_ROOMS = 8

/** While the home page is shown, syncs the newest rooms so their counts and previews stay current. */
export function useBackgroundSync(rooms: readonly RoomSummary[], me: Author, onChange: () => void): void {
  const ids = rooms
    .slice(0, BACKGROUND_ROOMS)
    .map((room) => room.id)
    .join(' ')
  useEffect(() => {
    if (ids === '') return
    const watchers = ids.split(' ').map((id) => watchRoom(id, me, onChange))
    return () => {
      for (const watcher of watchers) watcher.close()
    }
  }, [ids, me, onChange])
}
