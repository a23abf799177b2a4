// Which message is being edited, started from its toolbar or by Up in an empty composer (which
// picks your newest message, scrolls it into view and gives the focus back to the composer after).
import { useCallback, useRef, useState } from 'react'
import type { MessageItem, TimelineItem } from '../room'

const COMPOSER = '.composer textarea'

/** Your newest message that can still be edited, searching at most `limit` rows back. */
export function lastEditable(
  timeline: readonly TimelineItem[],
  myId: string,
  limit = 500,
): MessageItem | null {
  for (let i = timeline.length - 1; i >= Math.max(0, timeline.length - limit); i--) {
    const item = timeline[i]
    if (item?.kind === 'message' && item.author.id === myId && item.author.verified && !item.retracted) {
      return item
    }
  }
  return null
}

export function useEditing(timeline: readonly TimelineItem[], myId: string) {
  const [editingId, setEditingId] = useState<string | null>(null)
  const [reveal, setReveal] = useState<{ entryId: string }>()
  const fromComposer = useRef(false)
  const latest = useRef(timeline)
  latest.current = timeline
  const setEditing = useCallback((entryId: string | null) => {
    setEditingId(entryId)
    if (entryId !== null || !fromComposer.current) return
    fromComposer.current = false
    document.querySelector<HTMLTextAreaElement>(COMPOSER)?.focus()
  }, [])
  const editLast = useCallback(() => {
    const item = lastEditable(latest.current, myId)
    if (item === null) return false
    fromComposer.current = true
    setEditingId(item.entryId)
    setReveal({ entryId: item.entryId })
    return true
  }, [myId])
  return { editingId, setEditing, editLast, reveal }
}
