import { useEffect, useRef } from 'react'
import type { RoomSnapshot } from '../room'

/**
 * Jumps once to `entryId` (from a search result or a notification, via the URL's hash) as soon as
 * it is in the view: right after navigation the history may still be loading.
 */
export function useFocusEntry(
  entryId: string | null | undefined,
  view: RoomSnapshot,
  jumpTo: (entryId: string) => void,
): void {
  const done = useRef<string | null>(null)
  const { timeline, version } = view
  useEffect(() => {
    if (!entryId || done.current === entryId || version < 0) return
    if (!timeline.some((item) => item.entryId === entryId)) return
    done.current = entryId
    jumpTo(entryId)
  }, [entryId, timeline, version, jumpTo])
}
