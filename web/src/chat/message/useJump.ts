// Jumping to a message anywhere in the virtualized history: scroll its (estimated) offset into
// view so the row renders, then centre the real element, focus it and highlight it briefly.
import { type RefObject, useCallback, useEffect, useState } from 'react'
import type { RoomSnapshot } from '../../room'

const HIGHLIGHT_MS = 2000

export interface Jump {
  /** Passed to VirtualList: a new object per jump. */
  scrollToIndex: { index: number } | undefined
  highlighted: string | null
  /** With `focus: false` the message is only scrolled into view (the caller focuses something else). */
  jumpTo(entryId: string, options?: { focus?: boolean }): void
}

function rowElement(entryId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`article[data-entry-id="${CSS.escape(entryId)}"]`)
}

export function useJump(viewRef: RefObject<RoomSnapshot>): Jump {
  const [request, setRequest] = useState<{ index: number; entryId: string; focus: boolean }>()
  const jumpTo = useCallback(
    (entryId: string, options: { focus?: boolean } = {}) => {
      const index = viewRef.current.timeline.findIndex((item) => item.entryId === entryId)
      if (index >= 0) setRequest({ index, entryId, focus: options.focus ?? true })
    },
    [viewRef],
  )
  const [highlighted, setHighlighted] = useState<string | null>(null)
  useEffect(() => {
    if (request === undefined) return
    setHighlighted(request.entryId)
    // Two frames: one for the list to render the rows at the new offset, one for their layout.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        const element = rowElement(request.entryId)
        element?.scrollIntoView({ block: 'center' })
        if (request.focus) element?.focus({ preventScroll: true })
      })
    })
    const timer = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS)
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [request])
  return { scrollToIndex: request, highlighted, jumpTo }
}
