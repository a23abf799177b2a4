// The room header's "Pinned" button and the list it opens: each pinned message by its author and
// first line, a link that jumps to it (a thread reply opens its thread there), and Unpin for
// whoever may pin.
import { useMemo, useState } from 'react'
import { navigate, roomPath } from '../app/route'
import { firstLine, type MessageItem, type ThreadView, type TimelineItem } from '../room'
import type { PinBoard } from './pinRules'
import './pins.css'

interface PinnedListProps {
  roomId: string
  board: PinBoard
  timeline: readonly TimelineItem[]
  /** Thread replies can be pinned too. */
  threads: ReadonlyMap<string, ThreadView>
  version: number
  myId: string
  setPin(target: string, on: boolean): void
}

/** The pinned messages found in the timeline or threads (a pin of a message not here yet waits). */
function pinnedItems(
  board: PinBoard,
  timeline: readonly TimelineItem[],
  threads: ReadonlyMap<string, ThreadView>,
): MessageItem[] {
  const wanted = new Set(board.pins.map((pin) => pin.target))
  const found = new Map<string, MessageItem>()
  for (let i = timeline.length - 1; i >= 0 && found.size < wanted.size; i--) {
    const item = timeline[i]
    if (item?.kind === 'message' && wanted.has(item.entryId)) found.set(item.entryId, item)
  }
  for (const thread of threads.values()) {
    if (found.size === wanted.size) break
    for (const reply of thread.replies) if (wanted.has(reply.entryId)) found.set(reply.entryId, reply)
  }
  return board.pins.flatMap((pin) => {
    const item = found.get(pin.target)
    return item && !item.retracted ? [item] : []
  })
}

export function PinnedList({ roomId, board, timeline, threads, version, myId, setPin }: PinnedListProps) {
  const [open, setOpen] = useState(false)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the timeline array is reused; its version says when it changed
  const items = useMemo(
    () => (open ? pinnedItems(board, timeline, threads) : []),
    [open, board, timeline, threads, version],
  )
  if (board.pins.length === 0) return null
  const mayPin = board.mayPin(myId)
  return (
    <div className="pins-anchor">
      <button type="button" className="secondary" aria-expanded={open} onClick={() => setOpen((was) => !was)}>
        Pinned <span className="pins-count">{board.pins.length}</span>
      </button>
      {open ? (
        <section className="pinned-list" aria-label="Pinned messages">
          {items.length === 0 ? (
            <p className="pinned-empty">The pinned messages are not loaded yet.</p>
          ) : null}
          <ul>
            {items.map((item) => (
              <li key={item.entryId}>
                <button
                  type="button"
                  className="pinned-jump"
                  onClick={() => {
                    setOpen(false)
                    navigate(roomPath(roomId, item.entryId))
                  }}
                >
                  <strong>{item.author.name}</strong> {firstLine(item.text) || 'an attachment'}
                </button>
                {mayPin ? (
                  <button type="button" className="secondary" onClick={() => setPin(item.entryId, false)}>
                    Unpin
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
