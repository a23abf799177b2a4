// Keeps what push needs current as the room list changes: the service worker's copy of titles,
// levels and who this person is, and (while push is on) the relay's copy of this device's rooms
// and levels.
import { useEffect } from 'react'
import { readAccessToken } from '../access/accessToken'
import type { RoomSummary } from '../app/roomIndex'
import { loadLevel } from '../notify/settings'
import { syncPush } from './pushClient'
import { type MirroredRoom, type MirroredSelf, writeMirror } from './pushMirror'

/** Room lists change with every message; the relay hears of it at most this often. */
const SYNC_AFTER_MS = 2_000

export function usePushSync(rooms: readonly RoomSummary[], me: { id: string; name: string }): void {
  // Compared as text: previews and counts change all the time, titles and levels rarely.
  const mirrored = JSON.stringify({
    rooms: rooms.map((room): MirroredRoom => ({ id: room.id, title: room.title, level: loadLevel(room.id) })),
    self: { keys: [me.id], name: me.name, accessToken: readAccessToken() } satisfies MirroredSelf,
  })
  const key = me.id
  useEffect(() => {
    if (typeof indexedDB === 'undefined') return
    const { rooms: list, self } = JSON.parse(mirrored) as { rooms: MirroredRoom[]; self: MirroredSelf }
    void writeMirror(list, self).catch(() => {})
    const timer = setTimeout(() => {
      void syncPush(
        key,
        list.map((room) => room.id),
      ).catch(() => {})
    }, SYNC_AFTER_MS)
    return () => clearTimeout(timer)
  }, [mirrored, key])
}
