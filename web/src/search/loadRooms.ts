// Gathers searchable messages from every room visited on this device, read from IndexedDB, so
// search works with the relay down. Like the rooms themselves, only verified entries (and legacy
// ones) are found.
import type { VerifyEd25519 } from '@parley/protocol'
import { loadRooms } from '../app/roomIndex'
import { createEd25519Verifier } from '../identity/verifier'
import type { RoomSnapshot, ThreadView, TimelineItem } from '../room'
import { foldLocalRoom } from '../sync/readLocalRoom'
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
  threads?: ReadonlyMap<string, ThreadView>
}

async function readRoom(
  roomId: string,
  verify: VerifyEd25519,
): Promise<Pick<RoomSnapshot, 'timeline' | 'threads'>> {
  return (await foldLocalRoom(roomId, verify)) ?? { timeline: [], threads: new Map() }
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
  const verify = createEd25519Verifier()
  for (const [done, roomId] of ids.entries()) {
    onProgress(done, ids.length)
    const room = open?.roomId === roomId ? open : await readRoom(roomId, verify)
    await index.addAsync(docsFromTimeline(roomId, room.timeline, room.threads))
  }
  onProgress(ids.length, ids.length)
  return labels
}
