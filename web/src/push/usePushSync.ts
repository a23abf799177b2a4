// Keeps what push needs current as the room list changes: the service worker's copy of titles and
// levels, and (while push is on) the relay's copy of this device's rooms and levels.
import { useEffect } from 'react'
import type { RoomSummary } from '../app/roomIndex'
import { loadLevel } from '../notify/settings'
import { syncPush } from './pushClient'
import { type MirroredRoom, writeMirror } from './pushMirror'

/** Room lists change with every message; the relay hears of it at most this often. */
const SYNC_AFTER_MS = 2_000

export function usePushSync(rooms: readonly RoomSummary[], key: string): void {
  // Compared as text: previews and counts change all the time, titles and levels rarely.
  const mirrored = JSON.stringify(
    rooms.map((room): MirroredRoom => ({ id: room.id, title: room.title, level: loadLevel(room.id) })),
  )
  useEffect(() => {
    if (typeof indexedDB === 'undefined') return
    const list = JSON.parse(mirrored) as MirroredRoom[]
    void writeMirror(list).catch(() => {})
    const timer = setTimeout(() => {
      void syncPush(
        key,
        list.map((room) => room.id),
      ).catch(() => {})
    }, SYNC_AFTER_MS)
    return () => clearTimeout(timer)
  }, [mirrored, key])
}
