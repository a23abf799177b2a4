// Gathers searchable messages from every room visited on this device, read from IndexedDB, so
// search works with the relay down.
import { loadRooms } from '../app/roomIndex'
import { foldLog, getLog, type TimelineItem } from '../room'
import { readLocalRoom } from '../sync/readLocalRoom'
import { docsFromTimeline, type SearchIndex } from './searchIndex'

export interface RoomLabel {
  id: string
  title: string | null
}

/** A room already open in this tab: its live view is newer than what IndexedDB holds. */
export interface OpenRoomView {
  roomId: string
  title: string | null
  timeline: readonly TimelineItem[]
}

async function readTimeline(roomId: string): Promise<readonly TimelineItem[]> {
  const doc = await readLocalRoom(roomId)
  if (doc === null) return []
  try {
    return foldLog(getLog(doc)).getSnapshot().timeline
  } finally {
    doc.destroy()
  }
}

/** Adds every visited room's messages to `index`, one room at a time; returns the rooms' labels. */
export async function indexAllRooms(
  index: SearchIndex,
  open: OpenRoomView | null,
  onProgress: (done: number, total: number) => void,
): Promise<Map<string, RoomLabel>> {
  const rooms = loadRooms()
  const labels = new Map<string, RoomLabel>(
    rooms.map((room) => [room.id, { id: room.id, title: room.title }]),
  )
  if (open) labels.set(open.roomId, { id: open.roomId, title: open.title })
  const ids = [...labels.keys()]
  for (const [done, roomId] of ids.entries()) {
    onProgress(done, ids.length)
    const timeline = open?.roomId === roomId ? open.timeline : await readTimeline(roomId)
    await index.addAsync(docsFromTimeline(roomId, timeline))
  }
  onProgress(ids.length, ids.length)
  return labels
}
