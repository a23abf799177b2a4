import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { fitImage } from '../attachments/format'
import { NOT_KNOWN_YET, type PendingUploads, PendingUploadsContext } from '../attachments/pendingUploads'
import type { ModerationActions } from '../moderation/moderationActions'
import { canModerate } from '../moderation/permissions'
import type { UnreadMarker } from '../readState/useUnreadMarker'
import { type Author, isDurable, isInlineImage, type MessageItem, type RoomSnapshot } from '../room'
import { useFocusEntry } from '../search/useFocusEntry'
import { type Refusal, type RefusalMatch, refusalOf, type StateVector } from '../sync'
import '../readState/unread.css'
import { VirtualList } from '../ui/VirtualList'
import type { MessageActions } from './actions/messageActions'
import type { RowActions } from './message/rowActions'
import { type JumpOptions, useJump } from './message/useJump'
import { refusedNote } from './refusal/refusalText'
import { continuesGroup, type DeliveryState, startsDay, TimelineRow } from './TimelineRow'

interface MessageListProps {
  view: RoomSnapshot
  durable: StateVector
  /** The relay's permanent refusals of this device's entries: those messages are marked refused. */
  refusals: readonly Refusal[]
  myId: string
  /** Reports when the reader has seen everything (at the bottom of a visible page). */
  onRead(messageCount: number): void
  messages: MessageActions
  /** Hiding messages for everyone, offered where this person moderates their author. */
  moderate?: ModerationActions
  onReply(item: MessageItem): void
  /** Opens an author's profile card. */
  onShowAuthor(author: Author): void
  /** Attachments still on their way to the relay (shown as "uploading…"). */
  uploads: PendingUploads | null
  /** A message to scroll to once it is loaded (search result, notification). */
  focusEntryId?: string | null
  /** The message being edited, and how to start or stop editing one. */
  editingId: string | null
  setEditing(entryId: string | null): void
  /** A new object scrolls to that message without moving the focus (e.g. to edit it). */
  reveal?: { entryId: string }
  /** Opens the thread of a root message. */
  onOpenThread?(entryId: string): void
  /** Pinned state of messages, and pinning for people who may. */
  pins?: Pick<RowActions, 'isPinned' | 'setPin'>
  /** Read receipts: who has seen up to a message. */
  seenBy?: RowActions['seenBy']
  /** The "new messages" divider, and what the list does with it (readState/useUnreadMarker.ts). */
  unread?: UnreadMarker
}

const MESSAGE_PX = 28
const HEADER_PX = 24
const DAY_PX = 40
const NOTICE_PX = 30
const QUOTE_PX = 26
const REACTIONS_PX = 30
const FILE_PX = 34
const DIVIDER_PX = 28

/** Rough height of what a message carries besides its text, so far jumps land close. */
function extrasHeight(item: MessageItem): number {
  let px = (item.replyTo === null ? 0 : QUOTE_PX) + (item.reactions.length > 0 ? REACTIONS_PX : 0)
  for (const attachment of item.attachments) {
    const { width, height } = attachment
    px +=
      isInlineImage(attachment) && width && height ? fitImage(width, height, 360, 300).height + 8 : FILE_PX
  }
  return px
}

function noteFor({ refusal, offending }: RefusalMatch): string {
  return refusedNote({ code: refusal.code, reason: refusal.reason, offending })
}

/**
 * Opening a room with unread messages lands on the first of them, once: where the list opened
 * there (`openedAt`, the divider known when it mounted), it has landed; otherwise it jumps there.
 */
function useLanding(
  unread: UnreadMarker | undefined,
  openedAt: string | null,
  jumpTo: (entryId: string, options: JumpOptions) => void,
) {
  const dividerId = unread?.dividerId ?? null
  const landed = unread?.landed ?? true
  const land = unread?.land
  const started = useRef(false)
  useEffect(() => {
    if (landed || dividerId === null || started.current || land === undefined) return
    started.current = true
    if (dividerId === openedAt) land()
    else jumpTo(dividerId, { focus: false, onDone: land })
  }, [landed, dividerId, openedAt, land, jumpTo])
}

export function MessageList(props: MessageListProps) {
  const { view, durable, refusals, myId, onRead, messages, onReply, onShowAuthor, uploads, focusEntryId } =
    props
  const { editingId, setEditing, reveal, unread, onOpenThread, pins, seenBy } = props
  const dividerId = unread?.dividerId ?? null
  const [atBottom, setAtBottom] = useState(true)
  const [unseenFrom, setUnseenFrom] = useState<number | null>(null)
  const [scrollSignal, setScrollSignal] = useState(0)
  const { timeline } = view
  const viewRef = useRef(view)
  viewRef.current = view
  const jump = useJump(viewRef)
  useFocusEntry(focusEntryId, view, jump.jumpTo)
  const { jumpTo } = jump
  useEffect(() => {
    // A row already on screen stays where it is (and the list stays pinned to the newest row).
    const shown = reveal && document.querySelector(`article[data-entry-id="${CSS.escape(reveal.entryId)}"]`)
    if (reveal && !shown) jumpTo(reveal.entryId, { focus: false })
  }, [reveal, jumpTo])
  const { moderate } = props
  const moderation = view.moderation
  // The divider known when the list mounts (from the preview, say): the list opens there.
  const [openedAt] = useState(() => {
    if (!unread || unread.landed || dividerId === null) return null
    const index = timeline.findIndex((item) => item.entryId === dividerId)
    return index < 0 ? null : { entryId: dividerId, index }
  })
  useLanding(unread, openedAt?.entryId ?? null, jumpTo)
  const actions: RowActions = useMemo(
    () => ({
      ...messages,
      reply: onReply,
      jumpTo,
      showAuthor: onShowAuthor,
      setEditing,
      canHide: (item) => moderate !== undefined && canModerate(moderation, myId, item.author.id),
      hide: (item, on) => void moderate?.hide(item.entryId, on),
      openThread: onOpenThread,
      ...pins,
      seenBy,
    }),
    [
      messages,
      onReply,
      jumpTo,
      onShowAuthor,
      setEditing,
      moderate,
      moderation,
      myId,
      onOpenThread,
      pins,
      seenBy,
    ],
  )

  useEffect(() => {
    if (atBottom) setUnseenFrom(null)
    else setUnseenFrom((from) => from ?? view.messageCount)
    if (atBottom && document.visibilityState === 'visible') onRead(view.messageCount)
  }, [atBottom, view.messageCount, onRead])

  // Your own new message brings you to the end, wherever you were reading.
  const last = timeline[timeline.length - 1]
  const lastOwnKey = last?.kind === 'message' && last.author.id === myId ? last.key : null
  const seenOwnKey = useRef(lastOwnKey)
  useEffect(() => {
    if (lastOwnKey === null || lastOwnKey === seenOwnKey.current) return
    seenOwnKey.current = lastOwnKey
    setScrollSignal((n) => n + 1)
  }, [lastOwnKey])

  const dividerRef = useRef(dividerId)
  dividerRef.current = dividerId
  const itemKey = useCallback((i: number) => viewRef.current.timeline[i]?.key ?? String(i), [])
  const estimateHeight = useCallback((i: number) => {
    const { timeline: items } = viewRef.current
    const item = items[i]
    if (!item) return 0
    const day = startsDay(item, items[i - 1]) ? DAY_PX : 0
    const divider = item.entryId === dividerRef.current ? DIVIDER_PX : 0
    if (item.kind !== 'message') return day + divider + NOTICE_PX
    return (
      day + divider + MESSAGE_PX + (continuesGroup(item, items[i - 1]) ? 0 : HEADER_PX) + extrasHeight(item)
    )
  }, [])
  const renderRow = useCallback(
    (i: number) => {
      const item = timeline[i]
      if (!item) return null
      const own = item.kind === 'message' && item.author.id === myId
      const refused = own ? refusalOf(refusals, item.logId, durable) : null
      const delivery: DeliveryState | undefined = !own
        ? undefined
        : isDurable(item.logId, durable)
          ? 'stored'
          : refused
            ? 'refused'
            : 'local'
      const row = (
        <TimelineRow
          item={item}
          previous={timeline[i - 1]}
          view={view}
          myId={myId}
          delivery={delivery}
          refusedNote={refused ? noteFor(refused) : undefined}
          actions={actions}
          highlighted={jump.highlighted === item.entryId}
          editing={editingId === item.entryId}
        />
      )
      return item.entryId === dividerId ? (
        <>
          <div className="unread-divider">
            <hr aria-label="New messages" />
            <span aria-hidden="true">New messages</span>
          </div>
          {row}
        </>
      ) : (
        row
      )
    },
    [timeline, view, myId, durable, refusals, actions, jump.highlighted, editingId, dividerId],
  )
  const hasNew = !atBottom && unseenFrom !== null && view.messageCount > unseenFrom
  return (
    <PendingUploadsContext value={uploads ?? NOT_KNOWN_YET}>
      <div className="message-list">
        {unread && unread.unread > 0 && dividerId !== null ? (
          <div className="unread-bar" role="status">
            <span>{unread.unread === 1 ? '1 new message' : `${unread.unread} new messages`}</span>
            <button type="button" onClick={() => jumpTo(dividerId, { focus: false })}>
              Jump to first unread
            </button>
            <button type="button" onClick={unread.markAllRead}>
              Mark as read
            </button>
          </div>
        ) : null}
        <VirtualList
          count={timeline.length}
          version={view.version}
          itemKey={itemKey}
          estimateHeight={estimateHeight}
          renderRow={renderRow}
          onAtBottomChange={setAtBottom}
          scrollToEndSignal={scrollSignal}
          scrollToIndex={jump.scrollToIndex}
          startAt={openedAt?.index}
          label="Conversation"
        />
        {timeline.length === 0 ? <p className="empty">No messages yet. Say hello!</p> : null}
        {hasNew ? (
          <button type="button" className="jump" onClick={() => setScrollSignal((n) => n + 1)}>
            New messages ↓
          </button>
        ) : null}
      </div>
    </PendingUploadsContext>
  )
}
