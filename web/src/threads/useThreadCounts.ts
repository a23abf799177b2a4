import { useEffect, useMemo } from 'react'
import { updateRoom } from '../app/roomIndex'
import type { RoomSnapshot } from '../room'
import { type ThreadReader, threadCountsFor } from './threadUnread'

/**
 * Keeps the room list's reply counts of the threads this person is in, and which replies mention
 * them, for the open room.
 */
export function useThreadCounts(roomId: string, view: RoomSnapshot, loaded: boolean, me: ThreadReader): void {
  const { threads, timeline } = view
  const { id, name } = me
  // Threads change less often than the timeline: the root authors are read again only then.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `timeline` is read for root authors when threads change
  const counts = useMemo(
    () => JSON.stringify(threadCountsFor({ threads, timeline }, { id, name })),
    [threads, id, name],
  )
  useEffect(() => {
    if (!loaded) return
    const { counts: threadCounts, mentions: threadMentions } = JSON.parse(counts) as ReturnType<
      typeof threadCountsFor
    >
    updateRoom(roomId, { threadCounts, threadMentions })
  }, [roomId, counts, loaded])
}
