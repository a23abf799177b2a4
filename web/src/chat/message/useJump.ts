// Jumping to a message anywhere in the virtualized history: scroll its (estimated) offset into
// view so the row renders, then centre the real element, focus it and highlight it briefly.
import { type RefObject, useCallback, useEffect, useState } from 'react'
import type { RoomSnapshot } from '../../room'

const HIGHLIGHT_MS = 2000
/** How long a jump waits for the list to render the row, in frames (about a second). */
const MAX_FRAMES = 60

export interface Jump {
  /** Passed to VirtualList: a new object per jump. */
  scrollToIndex: { index: number } | undefined
  highlighted: string | null
  /** With `focus: false` the message is only scrolled into view (the caller focuses something else). */
  jumpTo(entryId: string, options?: JumpOptions): void
}

export interface JumpOptions {
  /** False: the message is only scrolled into view (the caller focuses something else). */
  focus?: boolean
  /** Where the message ends up in the view (default: centred). */
  block?: ScrollLogicalPosition
  /** Called once the message is in view (or the list never rendered it). */
  onDone?(): void
}

function rowElement(entryId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`article[data-entry-id="${CSS.escape(entryId)}"]`)
}

export function useJump(viewRef: RefObject<RoomSnapshot>): Jump {
  const [request, setRequest] = useState<{ index: number; entryId: string } & JumpOptions>()
  const jumpTo = useCallback(
    (entryId: string, options: JumpOptions = {}) => {
      const index = viewRef.current.timeline.findIndex((item) => item.entryId === entryId)
      if (index >= 0) setRequest({ index, entryId, ...options })
      else options.onDone?.()
    },
    [viewRef],
  )
  const [highlighted, setHighlighted] = useState<string | null>(null)
  useEffect(() => {
    if (request === undefined) return
    setHighlighted(request.entryId)
    // The list renders the row at its new offset within a few frames (it may measure rows on the
    // way): look for it each frame, for a bounded number of frames, then centre and focus it.
    let frames = 0
    let frame = 0
    const look = () => {
      const element = rowElement(request.entryId)
      if (element) {
        element.scrollIntoView({ block: request.block ?? 'center' })
        if (request.focus ?? true) element.focus({ preventScroll: true })
        request.onDone?.()
      } else if (++frames < MAX_FRAMES) frame = requestAnimationFrame(look)
      else request.onDone?.()
    }
    // One frame first for the list to render the rows at the new offset.
    frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(look)
    })
    const timer = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS)
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [request])
  return { scrollToIndex: request, highlighted, jumpTo }
}
