// The view of a room: what the fold produces. Plain data, safe to hand to React.
import type { Attachment } from './attachments'
import type { LogId } from './log'
import type { Author, Entry, ModifierEntry } from './schema'

interface ItemBase {
  /** Unique per log position (`client.clock`); use as a React key. */
  key: string
  logId: LogId
  entryId: string
  author: Author
  ts: number
}

/** Everyone who reacted with one emoji, in the order they did. */
export interface ReactionSummary {
  emoji: string
  userIds: readonly string[]
  count: number
}

/** What a reply shows of the message it answers. */
export interface Quote {
  entryId: string
  author: Author
  /** The first line of the answered message's current text (empty when it has none). */
  firstLine: string
  retracted: boolean
  /** How many attachments it has, for a quote of an attachment-only message. */
  attachmentCount: number
}

export interface MessageItem extends ItemBase {
  kind: 'message'
  /** The current text: the last honoured edit, or '' once retracted. */
  text: string
  /** Earlier texts, oldest first; empty when never edited (or retracted). */
  previousTexts: readonly string[]
  edited: boolean
  retracted: boolean
  reactions: readonly ReactionSummary[]
  attachments: readonly Attachment[]
  /** The entry id this message answers, or null. */
  replyTo: string | null
  /** The answered message, once it is in the log. */
  quote: Quote | null
}

export type TimelineItem =
  | MessageItem
  | (ItemBase & { kind: 'join' })
  | (ItemBase & { kind: 'title'; title: string })

export interface Member {
  id: string
  name: string
  color: string
  /** The join entry shown as "X joined": a user who joined twice (two devices) is announced once. */
  joinEntryId: string
  joinedAt: number
}

export interface RoomSnapshot {
  /** Grows on every change; the arrays below may be reused between versions. */
  version: number
  /** Messages, joins and title changes in log order: the same order on every peer. */
  timeline: readonly TimelineItem[]
  title: string | null
  members: ReadonlyMap<string, Member>
  messageCount: number
  /** The newest message in log order, for previews. */
  lastMessage: TimelineItem | null
}

// Shared by every message without them: 100k messages need no 300k empty arrays.
const NONE: readonly never[] = Object.freeze([])

// Written out field by field: on a 100k-entry first load, object spread here costs seconds.
export function toTimelineItem(entry: Exclude<Entry, ModifierEntry>, logId: LogId): TimelineItem {
  const key = `${logId.client}.${logId.clock}`
  const { id: entryId, author, ts } = entry
  switch (entry.type) {
    case 'message':
      return {
        key,
        logId,
        entryId,
        author,
        ts,
        kind: 'message',
        text: entry.text,
        previousTexts: NONE,
        edited: false,
        retracted: false,
        reactions: NONE,
        attachments: entry.attachments ?? NONE,
        replyTo: entry.replyTo ?? null,
        quote: null,
      }
    case 'join':
      return { key, logId, entryId, author, ts, kind: 'join' }
    case 'title':
      return { key, logId, entryId, author, ts, kind: 'title', title: entry.title }
  }
}

/** Whether join `a` is announced instead of join `b` of the same user; same answer on every peer. */
export function precedes(a: { ts: number; entryId: string }, b: { ts: number; entryId: string }): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.entryId < b.entryId)
}
