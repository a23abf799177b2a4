import { useEffect, useRef } from 'react'
import { loadRooms, updateRoom } from '../app/roomIndex'
import type { RoomSnapshot } from '../room'
import { countUnreadMentions } from './arrivals'

/** Keeps the room list's mention count: mentions of me among the messages I have not read. */
export function useMentionCount(
  roomId: string,
  view: RoomSnapshot,
  loaded: boolean,
  me: { id: string; name: string },
): void {
  // The fold may reuse the timeline array between versions: the version says what changed.
  const { timeline, messageCount, version } = view
  const latest = useRef(timeline)
  latest.current = timeline
  useEffect(() => {
    if (version < 0) return
    if (!loaded) return
    const summary = loadRooms().find((room) => room.id === roomId)
    const unread = Math.max(0, messageCount - (summary?.readCount ?? 0))
    const count = countUnreadMentions(latest.current, unread, me)
    if ((summary?.mentionCount ?? 0) !== count) updateRoom(roomId, { mentionCount: count })
  }, [roomId, version, messageCount, loaded, me])
}
