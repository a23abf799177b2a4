// The room's view as moderation leaves it: entries written while muted or banned (and title or
// topic changes below the room's policy) are left out, hidden messages stay in place marked with
// who hid them. Costs nothing while a room has no moderation; otherwise one pass per new view.
import { type ThreadView, threadView } from '../room/threads'
import type { Author, MessageItem, TimelineItem } from '../room/timeline'
import type { Moderation } from './moderationFold'

export interface ModeratedTimeline {
  timeline: readonly TimelineItem[]
  /** Only what changed: the fold's own values stand where a field is undefined. */
  title?: string | null
  topic?: string | null
  lastMessage?: TimelineItem | null
  messageCount?: number
}

function findLast(timeline: readonly TimelineItem[], kind: TimelineItem['kind']): TimelineItem | null {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const item = timeline[i]
    if (item?.kind === kind) return item
  }
  return null
}

export function moderateTimeline(
  timeline: readonly TimelineItem[],
  moderation: Moderation,
  authorOf: (key: string) => Author,
): ModeratedTimeline {
  const { hidden, suppressed } = moderation
  if (hidden.size === 0 && suppressed.size === 0) return { timeline }
  const hiders = new Map<string, Author>()
  const hider = (key: string) => {
    let author = hiders.get(key)
    if (author === undefined) {
      author = authorOf(key)
      hiders.set(key, author)
    }
    return author
  }
  const out: TimelineItem[] = []
  let suppressedKinds = 0
  let messageCount = 0
  for (const item of timeline) {
    if (suppressed.has(item.entryId)) {
      suppressedKinds++
      continue
    }
    if (item.kind !== 'message') {
      out.push(item)
      continue
    }
    messageCount++
    const by = hidden.get(item.entryId)
    out.push(by === undefined ? item : ({ ...item, hiddenBy: hider(by) } satisfies MessageItem))
  }
  if (suppressedKinds === 0) return { timeline: out }
  const title = findLast(out, 'title')
  const topic = findLast(out, 'topic')
  return {
    timeline: out,
    title: title?.kind === 'title' ? title.title : null,
    topic: topic?.kind === 'topic' && topic.topic !== '' ? topic.topic : null,
    lastMessage: findLast(out, 'message'),
    messageCount,
  }
}

/**
 * Threads as moderation leaves them, like the timeline: replies written while muted or banned are
 * left out, hidden ones stay marked with who hid them. Threads without either are the same objects.
 */
export function moderateThreads(
  threads: ReadonlyMap<string, ThreadView>,
  moderation: Moderation,
  authorOf: (key: string) => Author,
): ReadonlyMap<string, ThreadView> {
  const { hidden, suppressed } = moderation
  if (hidden.size === 0 && suppressed.size === 0) return threads
  const touched = (reply: MessageItem) => hidden.has(reply.entryId) || suppressed.has(reply.entryId)
  let out: Map<string, ThreadView> | null = null
  for (const [rootId, thread] of threads) {
    if (!thread.replies.some(touched)) continue
    out ??= new Map(threads)
    const replies: MessageItem[] = []
    for (const reply of thread.replies) {
      if (suppressed.has(reply.entryId)) continue
      const by = hidden.get(reply.entryId)
      replies.push(by === undefined ? reply : { ...reply, hiddenBy: authorOf(by) })
    }
    out.set(rootId, threadView(rootId, replies))
  }
  return out ?? threads
}
