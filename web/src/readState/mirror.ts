// Keeps the room list's read counts (localStorage, what the sidebar and the background sync read)
// in step with the person's read state, which other devices move too.
import { loadRooms, updateRoom } from '../app/roomIndex'
import type { ReadStateDoc } from './readStateDoc'

/** Copies every room's read position into its summary when it is ahead; returns the stop. */
export function mirrorReadState(state: Pick<ReadStateDoc, 'entries' | 'subscribe'>): () => void {
  const copy = () => {
    const rooms = new Map(loadRooms().map((room) => [room.id, room]))
    for (const [place, position] of state.entries()) {
      if (place.includes('#')) continue
      const summary = rooms.get(place)
      if (summary !== undefined && summary.readCount < position.count)
        updateRoom(place, { readCount: position.count })
    }
  }
  copy()
  return state.subscribe(copy)
}
