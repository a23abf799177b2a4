import { useCallback, useEffect, useRef, useState } from 'react'
import { isDurable, type RoomSnapshot } from '../room'
import type { StateVector } from '../sync'
import { VirtualList } from '../ui/VirtualList'
import { continuesGroup, type DeliveryState, startsDay, TimelineRow } from './TimelineRow'

interface MessageListProps {
  view: RoomSnapshot
  durable: StateVector
  myId: string
  /** Reports when the reader has seen everything (at the bottom of a visible page). */
  onRead(messageCount: number): void
}

const MESSAGE_PX = 28
const HEADER_PX = 24
const DAY_PX = 40
const NOTICE_PX = 30

export function MessageList({ view, durable, myId, onRead }: MessageListProps) {
  const [atBottom, setAtBottom] = useState(true)
  const [unseenFrom, setUnseenFrom] = useState<number | null>(null)
  const [scrollSignal, setScrollSignal] = useState(0)
  const { timeline } = view
  const viewRef = useRef(view)
  viewRef.current = view

  useEffect(() => {
    if (atBottom) setUnseenFrom(null)
    else setUnseenFrom((from) => from ?? view.messageCount)
    if (atBottom && document.visibilityState === 'visible') onRead(view.messageCount)
  }, [atBottom, view.messageCount, onRead])

  const itemKey = useCallback((i: number) => viewRef.current.timeline[i]?.key ?? String(i), [])
  const estimateHeight = useCallback((i: number) => {
    const { timeline: items } = viewRef.current
    const item = items[i]
    if (!item) return 0
    const day = startsDay(item, items[i - 1]) ? DAY_PX : 0
    if (item.kind !== 'message') return day + NOTICE_PX
    return day + MESSAGE_PX + (continuesGroup(item, items[i - 1]) ? 0 : HEADER_PX)
  }, [])
  const renderRow = useCallback(
    (i: number) => {
      const item = timeline[i]
      if (!item) return null
      const delivery: DeliveryState | undefined =
        item.kind === 'message' && item.author.id === myId
          ? isDurable(item.logId, durable)
            ? 'stored'
            : 'local'
          : undefined
      return (
        <TimelineRow item={item} previous={timeline[i - 1]} view={view} myId={myId} delivery={delivery} />
      )
    },
    [timeline, view, myId, durable],
  )
  const hasNew = !atBottom && unseenFrom !== null && view.messageCount > unseenFrom
  return (
    <div className="message-list">
      <VirtualList
        count={timeline.length}
        version={view.version}
        itemKey={itemKey}
        estimateHeight={estimateHeight}
        renderRow={renderRow}
        onAtBottomChange={setAtBottom}
        scrollToEndSignal={scrollSignal}
        label="Conversation"
      />
      {timeline.length === 0 ? <p className="empty">No messages yet. Say hello!</p> : null}
      {hasNew ? (
        <button type="button" className="jump" onClick={() => setScrollSignal((n) => n + 1)}>
          New messages ↓
        </button>
      ) : null}
    </div>
  )
}
