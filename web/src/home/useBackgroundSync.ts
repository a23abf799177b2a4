import { useEffect, useMemo, useRef } from 'react'
import type { RoomSummary } from '../app/roomIndex'
import { type Reader, type RoomWatcher, watchRoom } from '../app/roomWatcher'
import { createEd25519Verifier } from '../identity/verifier'

/** How many of the most recently visited rooms are kept in sync in the background. */
const BACKGROUND_ROOMS = 8

/**
 * Syncs the rooms visited last (except those open in this tab, which keep their own summaries),
 * so their counts and previews in the sidebar stay current. Only the rooms that join or leave the
 * set are opened or closed: switching rooms must not re-read every other room's history.
 */
export function useBackgroundSync(
  rooms: readonly RoomSummary[],
  me: Reader,
  open: ReadonlySet<string>,
): void {
  const key = rooms
    .slice(0, BACKGROUND_ROOMS)
    .map((room) => room.id)
    .filter((id) => !open.has(id))
    .join(' ')
  const watchers = useRef(new Map<string, RoomWatcher>())
  const verify = useMemo(() => createEd25519Verifier(), [])
  useEffect(() => {
    const wanted = new Set(key === '' ? [] : key.split(' '))
    const current = watchers.current
    for (const [id, watcher] of current) {
      if (wanted.has(id)) continue
      watcher.close()
      current.delete(id)
    }
    for (const id of wanted) if (!current.has(id)) current.set(id, watchRoom(id, me, verify))
  }, [key, me, verify])
  // A new reader (another identity) or leaving the app closes them all.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `me` is why the watchers close, not what they read
  useEffect(() => {
    const current = watchers.current
    return () => {
      for (const watcher of current.values()) watcher.close()
      current.clear()
    }
  }, [me])
}
