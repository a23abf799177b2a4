// Thread replies count toward unread for the people in the thread: whoever wrote its root or a
// reply, or is mentioned in a reply. The room list keeps, per room, the reply count of each such
// thread (from the fold), which of its replies mention the person, and how many of them they
// read (from their read state); unread (and unread mentions) is the difference.
import { mentions } from '../richtext/mentions'
import type { RoomSnapshot, ThreadView } from '../room'

/** Threads kept per room in the room list: the most recently active. */
const MAX_THREADS = 50
/** Mentioning replies kept per thread: the newest (more are never shown as a badge). */
const MAX_MENTIONS_PER_THREAD = 20

/** Who reads: their key, and their name (what a mention names). */
export interface ThreadReader {
  id: string
  name: string
}

export interface ThreadCounts {
  /** Reply counts of the threads the reader is in, by root id. */
  counts: Record<string, number>
  /** Places (0-based, among the thread's replies) of the replies by others that mention the reader. */
  mentions: Record<string, number[]>
}

function mentionPlaces(thread: ThreadView, me: ThreadReader): number[] {
  const places: number[] = []
  thread.replies.forEach((reply, place) => {
    if (reply.author.id !== me.id && !reply.retracted && mentions(reply.text, me.name)) places.push(place)
  })
  return places.slice(-MAX_MENTIONS_PER_THREAD)
}

/** The threads `me` is in, with their reply counts and the replies that mention them. */
export function threadCountsFor(
  view: Pick<RoomSnapshot, 'threads' | 'timeline'>,
  me: ThreadReader,
): ThreadCounts {
  const out: ThreadCounts = { counts: {}, mentions: {} }
  if (view.threads.size === 0) return out
  let rootAuthors: Map<string, string> | null = null
  const rootAuthor = (rootId: string) => {
    if (rootAuthors === null) {
      rootAuthors = new Map()
      for (const item of view.timeline)
        if (view.threads.has(item.entryId)) rootAuthors.set(item.entryId, item.author.id)
    }
    return rootAuthors.get(rootId)
  }
  const joined: { thread: ThreadView; places: number[] }[] = []
  for (const thread of view.threads.values()) {
    const places = mentionPlaces(thread, me)
    if (thread.repliers.has(me.id) || places.length > 0 || rootAuthor(thread.rootId) === me.id)
      joined.push({ thread, places })
  }
  joined.sort((a, b) => b.thread.lastReplyAt - a.thread.lastReplyAt)
  for (const { thread, places } of joined.slice(0, MAX_THREADS)) {
    out.counts[thread.rootId] = thread.count
    if (places.length > 0) out.mentions[thread.rootId] = places
  }
  return out
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

/** Unread thread replies that mention the reader: those at or past what was read of their thread. */
export function unreadThreadMentions(
  mentioned: Readonly<Record<string, readonly number[]>> | undefined,
  reads: Readonly<Record<string, number>> | undefined,
): number {
  let unread = 0
  for (const [root, places] of Object.entries(mentioned ?? {})) {
    const read = reads?.[root] ?? 0
    for (const place of places) if (place >= read) unread++
  }
  return unread
}
