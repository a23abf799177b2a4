// The view of a room: what the fold produces. Plain data, safe to hand to React.
import type { LogId } from './log'
import type { Author, Entry } from './schema'

interface ItemBase {
  /** Unique per log position (`client.clock`); use as a React key. */
  key: string
  logId: LogId
  entryId: string
  author: Author
  ts: number
}

export type TimelineItem =
  | (ItemBase & { kind: 'message'; text: string })
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

export function toTimelineItem(entry: Entry, logId: LogId): TimelineItem {
  const base = {
    key: `${logId.client}.${logId.clock}`,
    logId,
    entryId: entry.id,
    author: entry.author,
    ts: entry.ts,
  }
  switch (entry.type) {
    case 'message':
      return { ...base, kind: 'message', text: entry.text }
    case 'join':
      return { ...base, kind: 'join' }
    case 'title':
      return { ...base, kind: 'title', title: entry.title }
  }
}

/** Whether join `a` is announced instead of join `b` of the same user; same answer on every peer. */
export function precedes(a: { ts: number; entryId: string }, b: { ts: number; entryId: string }): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.entryId < b.entryId)
}
