import { type CSSProperties, memo, useId } from 'react'
import { AttachmentList } from '../attachments/AttachmentList'
import { SeenBy } from '../receipts/SeenBy'
import { MessageText } from '../richtext/MessageText'
import { roomMentionContext } from '../richtext/roomMentions'
import type { Author, MessageItem, RoomSnapshot, TimelineItem } from '../room'
import { ThreadSummaryLine } from '../threads/ThreadSummaryLine'
import { Avatar } from '../ui/Avatar'
import { dayKey, formatDay, formatFull, formatTime, GROUP_WINDOW_MS } from '../ui/format'
import { EditedMarker, EditForm } from './message/EditForm'
import { MessageToolbar } from './message/MessageToolbar'
import { ReactionChips } from './message/ReactionChips'
import { ReplyQuote } from './message/ReplyQuote'
import type { RowActions } from './message/rowActions'
import './message/message.css'

/** Where one's own message stands: only here, stored by the relay, or refused by it for good. */
export type DeliveryState = 'local' | 'stored' | 'refused'

interface RowProps {
  item: TimelineItem
  previous: TimelineItem | undefined
  view: RoomSnapshot
  myId: string
  delivery: DeliveryState | undefined
  /** What a refused message says about why (see refusal/refusalText.ts). */
  refusedNote?: string
  actions: RowActions
  /** Briefly true after a jump to this message. */
  highlighted: boolean
  /** Whether this message is being edited (kept by the list: a row may unmount while scrolled away). */
  editing: boolean
}

/** Whether `item` continues the group of `previous` (same author, same day, close in time). */
export function continuesGroup(item: TimelineItem, previous: TimelineItem | undefined): boolean {
  return (
    previous?.kind === 'message' &&
    item.kind === 'message' &&
    previous.author.id === item.author.id &&
    dayKey(previous.ts) === dayKey(item.ts) &&
    item.ts - previous.ts < GROUP_WINDOW_MS
  )
}

export function startsDay(item: TimelineItem, previous: TimelineItem | undefined): boolean {
  return previous === undefined || dayKey(previous.ts) !== dayKey(item.ts)
}

function userColor(color: string): CSSProperties {
  return { '--user-color': color } as CSSProperties
}

function Delivery({ state }: { state: DeliveryState }) {
  // A refused message says why in words below it (refusedNote), read with the message.
  if (state === 'refused') {
    return (
      <span className="delivery delivery-refused" aria-hidden="true">
        ⚠
      </span>
    )
  }
  const label =
    state === 'stored' ? 'Stored on the relay' : 'Only on this device, not yet stored on the relay'
  return (
    <span className={`delivery delivery-${state}`} role="img" aria-label={label} title={label}>
      {state === 'stored' ? '✓' : '◷'}
    </span>
  )
}

/** The author's picture and name (which opens their profile card), marked when unverified. */
function AuthorLine({ author, onShow }: { author: Author; onShow(author: Author): void }) {
  return (
    <>
      <Avatar name={author.name} color={author.color} avatar={author.avatar} />
      <button type="button" className="author-button message-author" onClick={() => onShow(author)}>
        {author.name}
      </button>
      {author.verified ? null : (
        <span
          className="unverified-mark"
          title="Written before Parley signed entries: the name is only what it claims"
        >
          unverified
        </span>
      )}
    </>
  )
}

function Notice({ item, view, myId }: Pick<RowProps, 'item' | 'view' | 'myId'>) {
  if (item.kind === 'title') {
    return (
      <p className="notice" data-entry-id={item.entryId}>
        {item.author.name} named the room “{item.title}” ·{' '}
        <time dateTime={new Date(item.ts).toISOString()}>{formatTime(item.ts)}</time>
      </p>
    )
  }
  if (item.kind === 'topic') {
    return (
      <p className="notice" data-entry-id={item.entryId}>
        {item.topic === ''
          ? `${item.author.name} cleared the topic`
          : `${item.author.name} set the topic: “${item.topic}”`}{' '}
        · <time dateTime={new Date(item.ts).toISOString()}>{formatTime(item.ts)}</time>
      </p>
    )
  }
  // Someone who joined from two devices is announced once, at their first join.
  if (view.members.get(item.author.id)?.joinEntryId !== item.entryId) return null
  return (
    <p className="notice notice-join" data-entry-id={item.entryId}>
      {item.author.id === myId
        ? `Welcome, ${item.author.name}! You joined this room.`
        : `${item.author.name} joined`}
    </p>
  )
}

/**
 * One row of the log. Memoized: the list renders its rows again whenever it measures them or
 * scrolls (twice before a room's first paint), and a row whose props did not change looks the same.
 */
export const TimelineRow = memo(function TimelineRow(props: RowProps) {
  const { item, previous, view, myId } = props
  const day = startsDay(item, previous) ? (
    <h2 className="day-separator">
      <span>{formatDay(item.ts)}</span>
    </h2>
  ) : null
  return (
    <>
      {day}
      {item.kind === 'message' ? (
        <MessageRow {...props} item={item} />
      ) : (
        <Notice item={item} view={view} myId={myId} />
      )}
    </>
  )
})

function MessageRow({
  item,
  previous,
  view,
  myId,
  delivery,
  refusedNote,
  actions,
  highlighted,
  editing,
}: RowProps & { item: MessageItem }) {
  const setEditing = (on: boolean) => actions.setEditing(on ? item.entryId : null)
  const openThread = actions.openThread && (() => actions.openThread?.(item.entryId))
  const pinned = actions.isPinned?.(item.entryId) ?? false
  const pin = actions.setPin && { pinned, toggle: () => actions.setPin?.(item.entryId, !pinned) }
  const noteId = useId()
  const note = delivery === 'refused' && refusedNote ? refusedNote : null
  const grouped = continuesGroup(item, previous) && item.replyTo === null
  const own = item.author.id === myId
  const classes = [
    'message',
    grouped && 'message-grouped',
    own && 'message-own',
    highlighted && 'message-highlight',
  ]
  return (
    <article
      className={classes.filter(Boolean).join(' ')}
      data-entry-id={item.entryId}
      data-state={delivery}
      style={userColor(item.author.color)}
      aria-label={`${item.author.name}, ${formatTime(item.ts)}`}
      aria-describedby={note ? noteId : undefined}
      tabIndex={-1}
    >
      {grouped ? null : (
        <header className="message-header">
          <AuthorLine author={item.author} onShow={actions.showAuthor} />
          <time dateTime={new Date(item.ts).toISOString()} title={formatFull(item.ts)}>
            {formatTime(item.ts)}
          </time>
          {pinned ? <span className="pin-marker">📌 Pinned</span> : null}
        </header>
      )}
      {item.replyTo !== null ? <ReplyQuote item={item} onJump={actions.jumpTo} /> : null}
      <div className="message-body">
        {item.hiddenBy ? (
          <p className="message-removed message-hidden">hidden by {item.hiddenBy.name}</p>
        ) : item.retracted ? (
          <p className="message-removed">message removed</p>
        ) : editing ? (
          <EditForm
            text={item.text}
            save={(text) => actions.edit(item, text)}
            done={() => setEditing(false)}
          />
        ) : item.text.trim() !== '' ? (
          <div className="message-text">
            <MessageText text={item.text} mentions={roomMentionContext(view.members, myId)} />
          </div>
        ) : null}
        {item.edited && !editing ? <EditedMarker previousTexts={item.previousTexts} /> : null}
        {delivery ? <Delivery state={delivery} /> : null}
      </div>
      {note ? (
        <p id={noteId} className="refused-note">
          {note}
        </p>
      ) : null}
      {item.hiddenBy ? null : <AttachmentList attachments={item.attachments} />}
      <ReactionChips
        item={item}
        members={view.members}
        myId={myId}
        onToggle={(e) => actions.toggleReaction(item, e)}
      />
      <SeenBy names={actions.seenBy?.(item.entryId)} />
      {openThread ? <ThreadSummaryLine thread={view.threads.get(item.entryId)} onOpen={openThread} /> : null}
      {item.retracted || editing ? null : (
        <MessageToolbar
          own={own}
          onReply={() => actions.reply(item)}
          onThread={openThread}
          pin={pin}
          onReact={(emoji) => actions.toggleReaction(item, emoji)}
          onEdit={() => setEditing(true)}
          onRetract={() => actions.retract(item)}
          hidden={item.hiddenBy !== undefined}
          onHide={actions.canHide(item) ? (on) => actions.hide(item, on) : undefined}
        />
      )}
    </article>
  )
}
