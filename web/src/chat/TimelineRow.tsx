import type { CSSProperties } from 'react'
import type { RoomSnapshot, TimelineItem } from '../room'
import { dayKey, formatDay, formatFull, formatTime, GROUP_WINDOW_MS } from '../ui/format'
import { LinkifiedText } from '../ui/LinkifiedText'

export type DeliveryState = 'local' | 'stored'

interface RowProps {
  item: TimelineItem
  previous: TimelineItem | undefined
  view: RoomSnapshot
  myId: string
  delivery: DeliveryState | undefined
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
  const label =
    state === 'stored' ? 'Stored on the relay' : 'Only on this device, not yet stored on the relay'
  return (
    <span className={`delivery delivery-${state}`} role="img" aria-label={label} title={label}>
      {state === 'stored' ? '✓' : '◷'}
    </span>
  )
}

function Notice({ item, view, myId }: Omit<RowProps, 'previous' | 'delivery'>) {
  if (item.kind === 'title') {
    return (
      <p className="notice" data-entry-id={item.entryId}>
        {item.author.name} named the room “{item.title}” ·{' '}
        <time dateTime={new Date(item.ts).toISOString()}>{formatTime(item.ts)}</time>
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

export function TimelineRow({ item, previous, view, myId, delivery }: RowProps) {
  const day = startsDay(item, previous) ? (
    <h2 className="day-separator">
      <span>{formatDay(item.ts)}</span>
    </h2>
  ) : null
  if (item.kind !== 'message') {
    return (
      <>
        {day}
        <Notice item={item} view={view} myId={myId} />
      </>
    )
  }
  const grouped = continuesGroup(item, previous)
  return (
    <>
      {day}
      <article
        className={`message${grouped ? ' message-grouped' : ''}${item.author.id === myId ? ' message-own' : ''}`}
        data-entry-id={item.entryId}
        data-state={delivery}
        style={userColor(item.author.color)}
        aria-label={`${item.author.name}, ${formatTime(item.ts)}`}
      >
        {grouped ? null : (
          <header className="message-header">
            <span className="message-author">{item.author.name}</span>
            <time dateTime={new Date(item.ts).toISOString()} title={formatFull(item.ts)}>
              {formatTime(item.ts)}
            </time>
          </header>
        )}
        <div className="message-body">
          <p className="message-text">
            <LinkifiedText text={item.text} />
          </p>
          {delivery ? <Delivery state={delivery} /> : null}
        </div>
      </article>
    </>
  )
}
