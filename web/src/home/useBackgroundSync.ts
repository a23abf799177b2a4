import { useEffect } from 'react'
import type { RoomSummary } from '../app/roomIndex'
import { watchRoom } from '../app/roomWatcher'
import { createEd25519Verifier } from '../identity/verifier'

/** Who reads the rooms: their key, and name and colour (for mentions and the presence they never show). */
export interface Reader {
  id: string
  name: string
  color: string
}

/** How many of the most recently visited rooms the home page keeps in sync. */
const BACKGROUND_ROOMS = 8

/** While the home page is shown, syncs the newest rooms so their counts and previews stay current. */
export function useBackgroundSync(rooms: readonly RoomSummary[], me: Reader, onChange: () => void): void {
  const ids = rooms
    .slice(0, BACKGROUND_ROOMS)
    .map((room) => room.id)
    .join(' ')
  useEffect(() => {
    if (ids === '') return
    const verify = createEd25519Verifier()
    const watchers = ids.split(' ').map((id) => watchRoom(id, me, verify, onChange))
    return () => {
      for (const watcher of watchers) watcher.close()
    }
  }, [ids, me, onChange])
}
