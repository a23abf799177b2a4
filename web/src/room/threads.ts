// Threads: a message whose body names `thread: <root id>` is a reply in that root's thread. It is
// kept out of the room's timeline and listed here under its root, in log order. Replies are keyed
// by the root's id, so a reply folded before its root (log order, or verification order) simply
// waits there: the root shows its thread as soon as it is in the view. Work per new reply is
// proportional to its thread, never to the room.
import type { Entry } from './schema'
import type { Author, MessageItem } from './timeline'

/** How many of the latest repliers a root shows. */
const LAST_REPLIERS = 3

export interface ThreadView {
  rootId: string
  /** The replies in log order, as they read now (edits, reactions and retractions applied). */
  replies: readonly MessageItem[]
  count: number
  /** The people who replied last, newest first, each once. */
  lastRepliers: readonly Author[]
  lastReplyAt: number
  /** Keys of everyone who replied. */
  repliers: ReadonlySet<string>
}

const NO_THREADS: ReadonlyMap<string, ThreadView> = new Map()

/** A thread's view from its replies in log order. */
export function threadView(rootId: string, replies: readonly MessageItem[]): ThreadView {
  const lastRepliers: Author[] = []
  const repliers = new Set<string>()
  for (let i = replies.length - 1; i >= 0; i--) {
    const { author } = replies[i] as MessageItem
    if (!repliers.has(author.id) && lastRepliers.length < LAST_REPLIERS) lastRepliers.push(author)
    repliers.add(author.id)
  }
  const last = replies[replies.length - 1]
  return { rootId, replies, count: replies.length, lastRepliers, lastReplyAt: last?.ts ?? 0, repliers }
}

export class ThreadIndex {
  /** Reply ids per root, in log order. */
  private readonly byRoot = new Map<string, string[]>()
  private readonly rootOf = new Map<string, string>()
  private readonly dirty = new Set<string>()
  /** Roots that got a reply inserted before others: their order is read again from the log. */
  private readonly unordered = new Set<string>()
  private views = new Map<string, ThreadView>()
  private shown: ReadonlyMap<string, ThreadView> = NO_THREADS

  /** A reply in `rootId`'s thread; `appended` when it comes after every entry applied so far. */
  add(rootId: string, replyId: string, appended: boolean): void {
    this.rootOf.set(replyId, rootId)
    const list = this.byRoot.get(rootId)
    if (list) list.push(replyId)
    else this.byRoot.set(rootId, [replyId])
    if (!appended) this.unordered.add(rootId)
    this.dirty.add(rootId)
  }

  /** An entry modified message `entryId`: if it is a reply, its thread reads again. */
  touched(entryId: string): void {
    const root = this.rootOf.get(entryId)
    if (root !== undefined) this.dirty.add(root)
  }

  /** Every reply's id (to show a new name on each, which is rare). */
  replyIds(): IterableIterator<string> {
    return this.rootOf.keys()
  }

  get needsOrder(): boolean {
    return this.unordered.size > 0
  }

  /** Re-reads the order of the threads that got replies out of order, from the applied log. */
  reorder(log: Iterable<Entry | undefined>): void {
    for (const root of this.unordered) this.byRoot.set(root, [])
    for (const entry of log) {
      if (entry?.type !== 'message' || entry.thread === undefined || !this.unordered.has(entry.thread))
        continue
      if (this.rootOf.get(entry.id) === entry.thread) this.byRoot.get(entry.thread)?.push(entry.id)
    }
    this.unordered.clear()
  }

  /** Re-derives the threads touched since the last flush, reading each reply as it is now. */
  flush(current: (entryId: string) => MessageItem | undefined): void {
    if (this.dirty.size === 0) return
    const views = new Map(this.views)
    for (const root of this.dirty) {
      const replies: MessageItem[] = []
      for (const id of this.byRoot.get(root) ?? []) {
        const item = current(id)
        if (item) replies.push(item)
      }
      views.set(root, threadView(root, replies))
    }
    this.dirty.clear()
    this.views = views
    this.shown = views
  }

  /** Every thread by its root id (the same map until a thread changes). */
  get(): ReadonlyMap<string, ThreadView> {
    return this.shown
  }
}
