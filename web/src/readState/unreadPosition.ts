// Where a read position falls in a room's timeline: positions count messages, in log order.
import type { TimelineItem } from '../room'

/** The id of the message with ordinal `count` (0-based among messages): the first unread one. */
export function messageAt(timeline: readonly TimelineItem[], count: number): string | null {
  let seen = 0
  for (const item of timeline) {
    if (item.kind !== 'message') continue
    if (seen === count) return item.entryId
    seen++
  }
  return null
}

/** The id of the last of the first `count` messages (what a read of `count` names), or ''. */
export function lastReadId(timeline: readonly TimelineItem[], count: number, messageCount: number): string {
  if (count <= 0) return ''
  // Reads are nearly always "up to the newest": scan from the end, past the unread ones.
  let after = messageCount - count
  for (let i = timeline.length - 1; i >= 0; i--) {
    const item = timeline[i]
    if (item?.kind !== 'message') continue
    if (after === 0) return item.entryId
    after--
  }
  return ''
}
