// Thread replies count toward unread for the people in the thread: whoever wrote its root or a
// reply. The room list keeps, per room, the reply count of each such thread (from the fold) and
// how many of them this person read (from their read state); unread is the difference.
import type { RoomSnapshot } from '../room'

/** Threads kept per room in the room list: the most recently active. */
const MAX_THREADS = 50

/** Reply counts of the threads `me` is in, by root id. */
export function threadCountsFor(
  view: Pick<RoomSnapshot, 'threads' | 'timeline'>,
  me: string,
): Record<string, number> {
  const counts: Record<string, number> = {}
  if (view.threads.size === 0) return counts
  let rootAuthors: Map<string, string> | null = null
  const joined = [...view.threads.values()].filter((thread) => {
    if (thread.repliers.has(me)) return true
    if (rootAuthors === null) {
      rootAuthors = new Map()
      for (const item of view.timeline)
        if (view.threads.has(item.entryId)) rootAuthors.set(item.entryId, item.author.id)
    }
    return rootAuthors.get(thread.rootId) === me
  })
  joined.sort((a, b) => b.lastReplyAt - a.lastReplyAt)
  for (const thread of joined.slice(0, MAX_THREADS)) counts[thread.rootId] = thread.count
  return counts
}

/** Unread thread replies, given the counts and what was read of each. */
export function unreadThreadReplies(
  counts: Readonly<Record<string, number>> | undefined,
  reads: Readonly<Record<string, number>> | undefined,
): number {
  let unread = 0
  for (const [root, count] of Object.entries(counts ?? {}))
    unread += Math.max(0, count - (reads?.[root] ?? 0))
  return unread
}
