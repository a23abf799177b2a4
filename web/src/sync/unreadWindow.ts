// The part of the view cache that opens a room at its first unread message as fast as at its
// newest: the entries the view shows from a few messages above the person's first unread one on,
// with that message's place among the room's messages, so the preview can put the "new messages"
// divider where the full fold will (positions count messages: readState/unreadPosition.ts).
import type { LogId, RoomFold, RoomSnapshot, TimelineItem } from '../room'

/** Most entries kept from the first unread message on (about a few screens of messages). */
export const WINDOW_MAX_ENTRIES = 120
/** Bound on the window's JSON (UTF-16 units). */
export const WINDOW_MAX_CHARS = 48 * 1024
/** Messages kept above the first unread one, so the divider has something over it. */
const CONTEXT_MESSAGES = 8

export interface CachedWindow {
  /** Place among the room's messages (0-based, log order) of the window's first message. */
  from: number
  /** The values the view showed from that message on, in log order, with their ids. */
  entries: { id: LogId; value: unknown }[]
  /**
   * Entry ids of window messages the view showed retracted or hidden: what did that may be later
   * in the log than the window, so the preview marks them itself rather than show them.
   */
  gone: string[]
}

/** Index in `timeline` of the message at place `ordinal`, or -1. */
function indexOfMessage(timeline: readonly TimelineItem[], ordinal: number): number {
  let seen = 0
  for (let i = 0; i < timeline.length; i++) {
    if (timeline[i]?.kind !== 'message') continue
    if (seen === ordinal) return i
    seen++
  }
  return -1
}

/**
 * The window around message place `firstUnread` of `fold`'s view, or null when there is nothing
 * unread there. Scans the timeline once (a few ms at 100k entries): call it off the hot path.
 */
export function selectWindow(
  fold: Pick<RoomFold, 'getSnapshot' | 'appliedFrom'>,
  firstUnread: number,
  maxEntries = WINDOW_MAX_ENTRIES,
  maxChars = WINDOW_MAX_CHARS,
): CachedWindow | null {
  const { timeline, messageCount } = fold.getSnapshot()
  if (!Number.isSafeInteger(firstUnread) || firstUnread < 0 || firstUnread >= messageCount) return null
  const from = Math.max(0, firstUnread - CONTEXT_MESSAGES)
  const start = indexOfMessage(timeline, from)
  const first = timeline[start]
  if (first === undefined) return null
  const entries: CachedWindow['entries'] = []
  let chars = 0
  for (const { logId, value } of fold.appliedFrom(first.logId)) {
    chars += JSON.stringify(value ?? null).length
    if (entries.length >= maxEntries || chars > maxChars) break
    entries.push({ id: { ...logId }, value })
  }
  const kept = new Set(entries.map(({ id }) => `${id.client}.${id.clock}`))
  const gone: string[] = []
  for (let i = start; i < timeline.length; i++) {
    const item = timeline[i]
    if (item === undefined || !kept.has(item.key)) break
    if (item.kind === 'message' && (item.retracted || item.hiddenBy !== undefined)) gone.push(item.entryId)
  }
  return { from, entries, gone }
}

/** `snapshot` with the window's gone messages shown as retracted (text and files withheld). */
export function withGoneMarked(snapshot: RoomSnapshot, gone: readonly string[]): RoomSnapshot {
  if (gone.length === 0) return snapshot
  const ids = new Set(gone)
  const timeline = snapshot.timeline.map((item) =>
    item.kind === 'message' && ids.has(item.entryId) && !item.retracted
      ? { ...item, text: '', previousTexts: [], edited: false, retracted: true, attachments: [] }
      : item,
  )
  return { ...snapshot, timeline }
}

/** How many messages `timeline` shows. */
export function messagesIn(timeline: readonly TimelineItem[]): number {
  let count = 0
  for (const item of timeline) if (item.kind === 'message') count++
  return count
}
