// One thread beside the room (full screen on a phone): its root, its replies and its own composer.
// While it is open and the page is visible, its replies count as read.
import { useEffect, useMemo, useState } from 'react'
import { Composer } from '../chat/Composer'
import type { RowActions } from '../chat/message/rowActions'
import type { RoomController } from '../chat/roomController'
import { TimelineRow } from '../chat/TimelineRow'
import { useReadState } from '../readState/ReadStateContext'
import type { MessageItem, RoomSnapshot } from '../room'
import './threads.css'

interface ThreadPaneProps {
  rootId: string
  view: RoomSnapshot
  controller: Pick<RoomController, 'roomId' | 'send' | 'setTyping'>
  myId: string
  /** The room's row actions; a thread offers no threads of its own. */
  actions: RowActions
  blocked: string | null
  /** A reply to scroll to and highlight (a search hit, a pinned reply). */
  focusId?: string | null
  onClose(): void
}

const HIGHLIGHT_MS = 2000

function findRoot(view: RoomSnapshot, rootId: string): MessageItem | null {
  for (let i = view.timeline.length - 1; i >= 0; i--) {
    const item = view.timeline[i]
    if (item?.entryId === rootId) return item.kind === 'message' ? item : null
  }
  return null
}

/** Marks the thread read up to its newest reply while it is shown. */
function useThreadRead(roomId: string, rootId: string, replies: readonly MessageItem[]): void {
  const readState = useReadState()
  const last = replies[replies.length - 1]?.entryId ?? ''
  const count = replies.length
  useEffect(() => {
    if (readState === null || count === 0 || document.visibilityState !== 'visible') return
    readState.markRead({ room: roomId, thread: rootId, count, last })
  }, [readState, roomId, rootId, count, last])
}

/** Scrolls reply `focusId` into view once it is shown, and says which reply to highlight. */
function useReplyFocus(focusId: string | null | undefined, shown: boolean): string | null {
  const [highlighted, setHighlighted] = useState<string | null>(null)
  useEffect(() => {
    if (!focusId || !shown) return
    const row = document.querySelector(`.thread-pane article[data-entry-id="${CSS.escape(focusId)}"]`)
    row?.scrollIntoView({ block: 'center' })
    setHighlighted(focusId)
    const timer = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS)
    return () => clearTimeout(timer)
  }, [focusId, shown])
  return highlighted
}

export function ThreadPane(props: ThreadPaneProps) {
  const { rootId, view, controller, myId, actions, blocked, focusId, onClose } = props
  const { timeline, version } = view
  // biome-ignore lint/correctness/useExhaustiveDependencies: the timeline array is reused; its version says when it changed
  const root = useMemo(() => findRoot(view, rootId), [timeline, version, rootId])
  const thread = view.threads.get(rootId)
  const replies = thread?.replies ?? []
  useThreadRead(controller.roomId, rootId, replies)
  const highlighted = useReplyFocus(
    focusId,
    replies.some((reply) => reply.entryId === focusId),
  )
  const [editingId, setEditing] = useState<string | null>(null)
  const rowActions = useMemo(() => ({ ...actions, setEditing, openThread: undefined }), [actions])
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onClose])
  return (
    <aside className="thread-pane" aria-label="Thread">
      <header className="thread-header">
        <h2>Thread</h2>
        <button type="button" className="thread-close" aria-label="Close thread" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="thread-messages" role="log" aria-label="Thread messages">
        {root ? (
          <TimelineRow
            item={root}
            previous={undefined}
            view={view}
            myId={myId}
            delivery={undefined}
            actions={rowActions}
            highlighted={false}
            editing={editingId === root.entryId}
          />
        ) : (
          <p className="notice">The message this thread answers has not arrived yet.</p>
        )}
        <p className="thread-count-line">{replies.length === 1 ? '1 reply' : `${replies.length} replies`}</p>
        {replies.map((reply, i) => (
          <TimelineRow
            key={reply.key}
            item={reply}
            previous={replies[i - 1]}
            view={view}
            myId={myId}
            delivery={undefined}
            actions={rowActions}
            highlighted={highlighted === reply.entryId}
            editing={editingId === reply.entryId}
          />
        ))}
      </div>
      <Composer
        label="Reply in thread"
        send={(text) => controller.send({ text, thread: rootId })}
        setTyping={controller.setTyping}
        blocked={blocked}
      />
    </aside>
  )
}
