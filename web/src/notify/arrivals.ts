// Which messages are new since the tab was hidden. The log's order puts a message from another
// peer near the end but not always last (concurrent entries interleave), so the tail is scanned
// against the keys already seen instead of trusting a count.

import { mentions } from '../richtext/mentions'
import type { TimelineItem } from '../room'

/** How many of the newest items are checked on each change. */
export const TAIL_SCAN_ITEMS = 200

export interface Arrival {
  item: Extract<TimelineItem, { kind: 'message' }>
  mentionsMe: boolean
}

/** Keys of the tail as it is now: nothing in it counts as new. */
export function tailKeys(timeline: readonly TimelineItem[]): Set<string> {
  return new Set(timeline.slice(-TAIL_SCAN_ITEMS).map((item) => item.key))
}

/** Messages by others in the tail not in `seen`; adds them to `seen`. */
export function takeArrivals(
  timeline: readonly TimelineItem[],
  seen: Set<string>,
  me: { id: string; name: string },
): Arrival[] {
  const arrivals: Arrival[] = []
  for (const item of timeline.slice(-TAIL_SCAN_ITEMS)) {
    if (seen.has(item.key)) continue
    seen.add(item.key)
    if (item.kind !== 'message' || item.author.id === me.id) continue
    arrivals.push({ item, mentionsMe: mentions(item.text, me.name) })
  }
  return arrivals
}

/** Mentions of `name` among the newest `unread` messages by others. */
export function countUnreadMentions(
  timeline: readonly TimelineItem[],
  unread: number,
  me: { id: string; name: string },
): number {
  let count = 0
  let seen = 0
  for (let i = timeline.length - 1; i >= 0 && seen < unread; i--) {
    const item = timeline[i]
    if (item?.kind !== 'message') continue
    seen++
    if (item.author.id !== me.id && mentions(item.text, me.name)) count++
  }
  return count
}
