// Keeps the room list's read counts (localStorage, what the sidebar and the background sync read)
// in step with the person's read state, which other devices move too: the room's own position,
// and what was read of each thread.
import { loadRooms, type RoomSummary, updateRoom } from '../app/roomIndex'
import type { ReadStateDoc } from './readStateDoc'

interface RoomReads {
  count: number
  threads: Record<string, number>
}

function readsByRoom(state: Pick<ReadStateDoc, 'entries'>): Map<string, RoomReads> {
  const rooms = new Map<string, RoomReads>()
  for (const [place, position] of state.entries()) {
    const split = place.indexOf('#')
    const room = split < 0 ? place : place.slice(0, split)
    let reads = rooms.get(room)
    if (reads === undefined) {
      reads = { count: 0, threads: {} }
      rooms.set(room, reads)
    }
    if (split < 0) reads.count = position.count
    else reads.threads[place.slice(split + 1)] = position.count
  }
  return rooms
}

function changeOf(summary: RoomSummary, reads: RoomReads): Partial<RoomSummary> | null {
  const change: Partial<RoomSummary> = {}
  if (summary.readCount < reads.count) change.readCount = reads.count
  const threadReads = { ...summary.threadReads }
  let moved = false
  for (const [root, count] of Object.entries(reads.threads)) {
    if ((threadReads[root] ?? 0) >= count) continue
    threadReads[root] = count
    moved = true
  }
  if (moved) change.threadReads = threadReads
  return Object.keys(change).length > 0 ? change : null
}

/** Copies every listed room's read positions into its summary when they are ahead; returns the stop. */
export function mirrorReadState(state: Pick<ReadStateDoc, 'entries' | 'subscribe'>): () => void {
  const copy = () => {
    const rooms = new Map(loadRooms().map((room) => [room.id, room]))
    for (const [roomId, reads] of readsByRoom(state)) {
      const summary = rooms.get(roomId)
      const change = summary && changeOf(summary, reads)
      if (change) updateRoom(roomId, change)
    }
  }
  copy()
  return state.subscribe(copy)
}
