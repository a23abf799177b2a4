// The "new messages" divider of an open room and the reads it reports, from the person's read state
// (so every device of theirs agrees): decided once the history is loaded, moved when another
// device reads further, never by this tab's own reading (the divider stays while you read on).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { loadRooms, updateRoom } from '../app/roomIndex'
import type { RoomSnapshot } from '../room'
import { useReadPosition, useReadState } from './ReadStateContext'
import { lastReadId, messageAt } from './unreadPosition'

export interface UnreadMarker {
  /** The first unread message when the room was opened: the divider sits above it. */
  dividerId: string | null
  /** False until the list has landed on the divider: reads before that would be wrong. */
  landed: boolean
  land(): void
  /** Unread messages now, by the read state of every device. */
  unread: number
  /** The reader has seen the first `count` messages. */
  read(count: number): void
  markAllRead(): void
}

function localReadCount(roomId: string): number {
  return loadRooms().find((room) => room.id === roomId)?.readCount ?? 0
}

/** `loaded`: the room's history is in and verified (see RoomPage), so its counts are the room's. */
export function useUnreadMarker(roomId: string, view: RoomSnapshot, loaded: boolean): UnreadMarker {
  const readState = useReadState()
  const position = useReadPosition(roomId)
  const shared = position === null ? null : (position?.count ?? 0)
  // A room never read on any device (just joined, say) opens at its newest message, all read.
  const neverRead = position === undefined && localReadCount(roomId) === 0
  const [dividerCount, setDividerCount] = useState<number | null | undefined>(undefined)
  const [landed, setLanded] = useState(false)
  const ownRead = useRef(0)
  const { messageCount, timeline } = view
  const viewRef = useRef(view)
  viewRef.current = view
  const decided = dividerCount !== undefined
  useEffect(() => {
    if (decided || !loaded || shared === null) return
    const start = Math.max(shared, localReadCount(roomId))
    const unread = !neverRead && start < messageCount
    setDividerCount(unread ? start : null)
    setLanded(!unread)
  }, [decided, loaded, shared, neverRead, roomId, messageCount])
  useEffect(() => {
    // Another device read further than the divider: it moves there.
    if (!decided || shared === null || shared <= ownRead.current) return
    setDividerCount((count) => (count === null || count === undefined || shared <= count ? count : shared))
  }, [decided, shared])
  const read = useCallback(
    (count: number) => {
      ownRead.current = Math.max(ownRead.current, count)
      updateRoom(roomId, { readCount: count })
      const { timeline: items, messageCount: total } = viewRef.current
      readState?.markRead({ room: roomId, count, last: lastReadId(items, count, total) })
    },
    [roomId, readState],
  )
  const markAllRead = useCallback(() => {
    read(viewRef.current.messageCount)
    setDividerCount(null)
    setLanded(true)
  }, [read])
  const land = useCallback(() => setLanded(true), [])
  const readUpTo = Math.max(shared ?? 0, ownRead.current)
  const { version } = view
  const dividerId = useMemo(
    () =>
      version < 0 || dividerCount === undefined || dividerCount === null || dividerCount >= messageCount
        ? null
        : messageAt(timeline, dividerCount),
    [timeline, version, dividerCount, messageCount],
  )
  const unread = Math.max(0, messageCount - readUpTo)
  // Nothing to land on (the divider's message is not shown): reads count at once.
  return { dividerId, landed: landed || (decided && dividerId === null), land, unread, read, markAllRead }
}
