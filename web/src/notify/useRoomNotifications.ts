// While the tab is hidden: count new messages in the title and on the favicon, and raise desktop
// notifications for mentions (or every message, per room). Nothing happens for a muted room.
import { useEffect, useRef, useState } from 'react'
import type { RoomSnapshot } from '../room'
import { type Arrival, tailKeys, takeArrivals } from './arrivals'
import { showNotification } from './desktop'
import { createFaviconBadge } from './favicon'
import { loadLevel, shouldNotify } from './settings'
import { documentTitle } from './title'
import { useHidden } from './visibility'

interface Options {
  roomId: string
  view: RoomSnapshot
  /** The full history is in the view: before that, "new" entries are only history arriving. */
  loaded: boolean
  me: { id: string; name: string }
  /** Called when a notification is clicked, with the message's entry id. */
  openEntry(entryId: string): void
}

function notify(arrival: Arrival, roomId: string, roomTitle: string | null, openEntry: Options['openEntry']) {
  const { item, mentionsMe } = arrival
  const where = roomTitle ?? 'Untitled room'
  const title = mentionsMe
    ? `${item.author.name} mentioned you in ${where}`
    : `${item.author.name} in ${where}`
  showNotification(title, item.text, `${roomId}:${item.entryId}`, () => openEntry(item.entryId))
}

export function useRoomNotifications({ roomId, view, loaded, me, openEntry }: Options): void {
  const hidden = useHidden()
  const [newCount, setNewCount] = useState(0)
  const seen = useRef<Set<string> | null>(null)
  const latest = useRef({ openEntry, title: view.title, timeline: view.timeline })
  latest.current = { openEntry, title: view.title, timeline: view.timeline }

  // On hiding, everything shown so far counts as seen; on showing, the count clears.
  useEffect(() => {
    seen.current = hidden && loaded ? tailKeys(latest.current.timeline) : null
    setNewCount(0)
  }, [hidden, loaded])

  // The fold may reuse the timeline array between versions: the version says what changed.
  const { version } = view
  useEffect(() => {
    if (seen.current === null || version < 0) return
    const arrivals = takeArrivals(latest.current.timeline, seen.current, me)
    const { openEntry: open, title } = latest.current
    // Read at arrival: the header's control may have changed it since.
    const current = loadLevel(roomId)
    if (arrivals.length === 0 || current === 'mute') return
    setNewCount((count) => count + arrivals.length)
    for (const arrival of arrivals) {
      if (shouldNotify(current, arrival.mentionsMe)) notify(arrival, roomId, title, open)
    }
  }, [version, roomId, me])

  useEffect(() => {
    document.title = documentTitle(view.title, newCount)
  }, [view.title, newCount])

  const badge = useRef<ReturnType<typeof createFaviconBadge> | null>(null)
  useEffect(() => {
    badge.current = createFaviconBadge()
    return () => badge.current?.close()
  }, [])
  useEffect(() => badge.current?.set(newCount), [newCount])
}
