// The view of a room: what the fold produces. Plain data, safe to hand to React.
import type { Moderation } from '../moderation/moderationFold'
import type { Attachment } from './attachments'
import type { LogId } from './log'
import type { Entry, ModerationEntry, ModifierEntry, ProfileEntry } from './schema'
import type { ThreadView } from './threads'

/** Who wrote an entry, as everyone shows them. */
export interface Author {
  /** Signed entries: the author's public key. Legacy entries: `v1.` + the id they claim. */
  id: string
  name: string
  color: string
  avatar: Attachment | null
  status: string | null
  /**
   * True for signed entries, whose author is their key and whose name comes from that key's own
   * profile entries. False for legacy entries: name and colour are only what the entry claims.
   */
  verified: boolean
  /** Their X25519 public key from their profile, when it has one: "Message privately" needs it. */
  dh?: string
}

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
  /** Set when a moderator hid it for everyone: who did (the entry stays in the log). */
  hiddenBy?: Author
}

export type TimelineItem =
  | MessageItem
  | (ItemBase & { kind: 'join' })
  | (ItemBase & { kind: 'title'; title: string })
  | (ItemBase & { kind: 'topic'; topic: string })

export interface Member extends Author {
  /** The join entry shown as "X joined": a person who joined twice (two devices) is announced once. */
  joinEntryId: string
  joinedAt: number
}

/** Entries the fold does not show, by why: shown in the room's info. */
export interface IgnoredCounts {
  /** Signed entries whose signature does not verify for this room (forged, or replayed from another). */
  badSignature: number
  /** New-format entries written without a signature. */
  unsigned: number
  /** Edits and retractions of someone else's message, and changes across signed and legacy entries. */
  wrongAuthor: number
  /** Second copies of an entry already in the log (replays): the first in log order counts. */
  duplicate: number
}

export interface Verification {
  /** Signed entries still waiting for their signature to be checked: not shown yet. */
  pending: number
  ignored: IgnoredCounts
}

/** Where a preview's messages sit among the room's (a preview shows only a part of the room). */
export interface PreviewPlacement {
  /** Place among the room's messages (0-based, log order) of the preview's first message. */
  firstMessage: number
  /** The room's message count when the preview was cached. */
  messageCount: number
}

export interface RoomSnapshot {
  /** Grows on every change; the arrays below may be reused between versions. */
  version: number
  /** Messages, joins and title changes in log order: the same order on every peer. */
  timeline: readonly TimelineItem[]
  title: string | null
  /** The room's topic; null when none was set or the last one cleared it. */
  topic: string | null
  members: ReadonlyMap<string, Member>
  /** Every key with a verified profile in this room, as its entries show it (presence, cards). */
  people: ReadonlyMap<string, Author>
  messageCount: number
  /** The newest message in log order, for previews. */
  lastMessage: TimelineItem | null
  /** Threads by their root message's id (thread replies are not in `timeline`). */
  threads: ReadonlyMap<string, ThreadView>
  verification: Verification
  /** Roles, mutes, bans, hidden messages and the room's policy (web/src/moderation). */
  moderation: Moderation
  /** Only on a preview from the view cache that knows where its messages sit (sync/viewCache.ts). */
  placement?: PreviewPlacement
}

// Shared by every message without them: 100k messages need no 300k empty arrays.
const NONE: readonly never[] = Object.freeze([])

type ShownEntry = Exclude<Entry, ModifierEntry | ProfileEntry | ModerationEntry>

// Written out field by field: on a 100k-entry first load, object spread here costs seconds.
export function toTimelineItem(entry: ShownEntry, logId: LogId, author: Author): TimelineItem {
  const key = `${logId.client}.${logId.clock}`
  const { id: entryId, ts } = entry
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
    case 'topic':
      return { key, logId, entryId, author, ts, kind: 'topic', topic: entry.topic }
  }
}

/** Whether join `a` is announced instead of join `b` of the same person; same answer on every peer. */
export function precedes(a: { ts: number; entryId: string }, b: { ts: number; entryId: string }): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.entryId < b.entryId)
}
