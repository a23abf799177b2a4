// Whether the entries a push is about mention this person: the messages this device did not hold
// before it fetched the room, nor looked at for an earlier push (their log ids are past both state
// vectors), written by someone else,
// whose text has `@` + this person's name, exactly as the open app decides (notify/arrivals.ts).
// Pure: the service worker folds and verifies the room first (push/roomNews.ts).
import { mentions } from '../richtext/mentions'
import type { MessageItem, TimelineItem } from '../room'

export interface Self {
  keys: readonly string[]
  name: string
}

/** Before the fetch, per writer (Yjs client id): how many of its values this device held. */
export type KnownVector = ReadonlyMap<number, number>

/** Per writer, the further of `a` and `b`: what was held or already looked at. */
export function furthest(a: KnownVector, b: KnownVector): Map<number, number> {
  const out = new Map(a)
  for (const [client, clock] of b) out.set(client, Math.max(clock, out.get(client) ?? 0))
  return out
}

function isNew(item: TimelineItem, known: KnownVector): boolean {
  return item.logId.clock >= (known.get(item.logId.client) ?? 0)
}

/**
 * The newest new message that mentions `self`, or null. With nothing held before (this device
 * never stored the room), the whole history is "new": then only the newest message by someone
 * else counts, so an old mention is not announced again.
 */
export function newMention(
  timeline: readonly TimelineItem[],
  known: KnownVector,
  self: Self,
): MessageItem | null {
  const nothingHeld = known.size === 0
  for (let i = timeline.length - 1; i >= 0; i--) {
    const item = timeline[i]
    if (item?.kind !== 'message' || self.keys.includes(item.author.id)) continue
    if (!isNew(item, known)) continue
    if (!item.retracted && item.hiddenBy === undefined && mentions(item.text, self.name)) return item
    if (nothingHeld) return null
  }
  return null
}
