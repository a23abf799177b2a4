// The "new messages" divider of an open room and the reads it reports, from the person's read state
// (so every device of theirs agrees): decided once the history is loaded, or before, from the
// preview of the view cache when it shows the first unread message (sync/unreadWindow.ts); moved
// when another device reads further, never by this tab's own reading (the divider stays while you
// read on).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { readCountOf as localReadCount, updateRoom } from '../app/roomIndex'
import type { PreviewPlacement, RoomSnapshot } from '../room'
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

/** Whether message place `start` is shown by a preview placed at `placement`. */
function previewShows(view: RoomSnapshot, placement: PreviewPlacement, start: number): boolean {
  return (
    start >= placement.firstMessage &&
    start < placement.messageCount &&
    messageAt(view.timeline, start - placement.firstMessage) !== null
  )
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
  const { timeline, placement } = view
  // A preview's own count is only of what it shows.
  const messageCount = placement?.messageCount ?? view.messageCount
  const viewRef = useRef(view)
  viewRef.current = view
  const decided = dividerCount !== undefined
  if (!decided && !loaded && placement !== undefined) {
    // The preview shows the first unread message this device knows of: land there now. Decided
    // while rendering (React renders again at once, before committing), so the list mounts with
    // the divider and opens there in its first frame.
    const local = localReadCount(roomId)
    const start = Math.max(shared ?? 0, local)
    if (local !== 0 && previewShows(view, placement, start)) {
      setDividerCount(start)
      setLanded(false)
    }
  }
  useEffect(() => {
    if (decided || !loaded || shared === null) return
    const local = localReadCount(roomId)
    const start = Math.max(shared, local)
    // The room list mirrors the read state; a room listed after it was read gets its count here,
    // so the next opening can land from the preview.
    if (shared > local) updateRoom(roomId, { readCount: shared })
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
      // A preview's timeline is a part of the room: which message ends a read is not known yet.
      if (viewRef.current.placement !== undefined) return
      ownRead.current = Math.max(ownRead.current, count)
      updateRoom(roomId, { readCount: count })
      const { timeline: items, messageCount: total } = viewRef.current
      readState?.markRead({ room: roomId, count, last: lastReadId(items, count, total) })
    },
    [roomId, readState],
  )
  // "Mark as read" pressed on the preview: written once the whole room is there.
  const markOnFullView = useRef(false)
  const markAllRead = useCallback(() => {
    const shown = viewRef.current.placement
    if (shown !== undefined) {
      markOnFullView.current = true
      // This device's own count at once (the room list's): a page closed before the whole room is
      // there would otherwise forget the press and open at the same divider next time.
      updateRoom(roomId, { readCount: shown.messageCount })
    } else read(viewRef.current.messageCount)
    setDividerCount(null)
    setLanded(true)
  }, [read, roomId])
  useEffect(() => {
    if (placement !== undefined || !loaded || !markOnFullView.current) return
    markOnFullView.current = false
    read(view.messageCount)
  }, [placement, loaded, read, view.messageCount])
  const land = useCallback(() => setLanded(true), [])
  // The divider sits where reading had got to when the room opened (before the read state may be open).
  const readUpTo = Math.max(shared ?? 0, ownRead.current, dividerCount ?? 0)
  const { version } = view
  const first = placement?.firstMessage
  const dividerId = useMemo(
    () =>
      (version < 0 && first === undefined) ||
      dividerCount === undefined ||
      dividerCount === null ||
      dividerCount >= messageCount
        ? null
        : messageAt(timeline, dividerCount - (first ?? 0)),
    [timeline, version, first, dividerCount, messageCount],
  )
  const unread = Math.max(0, messageCount - readUpTo)
  // Nothing to land on (the divider's message is not shown): reads count at once.
  return { dividerId, landed: landed || (decided && dividerId === null), land, unread, read, markAllRead }
}
