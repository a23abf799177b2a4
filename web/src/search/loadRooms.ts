// Gathers searchable messages from every room visited on this device, read from IndexedDB, so
// search works with the relay down. Like the rooms themselves, only verified entries (and legacy
// ones) are found.
import type { VerifyEd25519 } from '@parley/protocol'
import { loadRooms } from '../app/roomIndex'
import { createEd25519Verifier } from '../identity/verifier'
import type { Author, RoomSnapshot, ThreadView, TimelineItem } from '../room'
import { foldLocalRoom } from '../sync/readLocalRoom'
import { addRoomExtras, type Extras } from './extras'
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
  people?: ReadonlyMap<string, Author>
}

type SearchedRoom = Pick<RoomSnapshot, 'timeline' | 'threads' | 'people'>

async function readRoom(roomId: string, verify: VerifyEd25519): Promise<SearchedRoom> {
  return (await foldLocalRoom(roomId, verify)) ?? { timeline: [], threads: new Map(), people: new Map() }
}

/**
 * Adds every visited room's messages to `index` (and its files and people to `extras`), one room
 * at a time; returns the rooms' labels.
 */
export async function indexAllRooms(
  index: SearchIndex,
  open: OpenRoomView | null,
  onProgress: (done: number, total: number) => void,
  extras?: Extras,
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
    const room =
      open?.roomId === roomId
        ? { threads: new Map(), people: new Map(), ...open }
        : await readRoom(roomId, verify)
    await index.addAsync(docsFromTimeline(roomId, room.timeline, room.threads))
    if (extras) addRoomExtras(extras, roomId, room)
  }
  onProgress(ids.length, ids.length)
  return labels
}
