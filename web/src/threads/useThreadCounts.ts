import { useEffect, useMemo } from 'react'
import { updateRoom } from '../app/roomIndex'
import type { RoomSnapshot } from '../room'
import { threadCountsFor } from './threadUnread'

/** Keeps the room list's reply counts of the threads this person is in, for the open room. */
export function useThreadCounts(roomId: string, view: RoomSnapshot, loaded: boolean, me: string): void {
  const { threads, timeline } = view
  // Threads change less often than the timeline: the root authors are read again only then.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `timeline` is read for root authors when threads change
  const counts = useMemo(() => JSON.stringify(threadCountsFor({ threads, timeline }, me)), [threads, me])
  useEffect(() => {
    if (loaded) updateRoom(roomId, { threadCounts: JSON.parse(counts) as Record<string, number> })
  }, [roomId, counts, loaded])
}
