// Keeps the timeline's message items in step with the entries that modify them (edit, retract,
// reaction) and with the messages they quote. Work is proportional to the messages touched:
// a new reaction re-derives one message (and the replies quoting it), never the timeline.
import { applyModifiers, countDishonoured, withQuote } from './annotate'
import type { Entry, ModifierEntry } from './schema'
import type { Author, MessageItem, TimelineItem } from './timeline'

interface MessageRecord {
  /** The message as written, before any modifier. */
  base: MessageItem
  /** With its modifiers applied; what quotes of it read. */
  own: MessageItem
  /** Modifiers of it that it does not honour (someone else's edits, for one). */
  dishonoured: number
}

export class MessageIndex {
  private records = new Map<string, MessageRecord>()
  /** Modifiers by target id, in log order; kept for unknown targets too (applied when they arrive). */
  private modifiers = new Map<string, ModifierEntry[]>()
  /** Reply ids by the id they answer. */
  private replies = new Map<string, Set<string>>()
  /** Timeline index of each message; null after an insertion in the middle moved them. */
  private positions: Map<string, number> | null = new Map()
  private dirty = new Set<string>()
  private dishonouredTotal = 0

  has(entryId: string): boolean {
    return this.records.has(entryId)
  }

  /** Modifiers that the messages they target ignore, over every known message. */
  get dishonoured(): number {
    return this.dishonouredTotal
  }

  /** The author of a message was shown differently (a new profile): its item and quotes follow. */
  rebase(entryId: string, author: Author): void {
    const record = this.records.get(entryId)
    if (record === undefined || record.base.author === author) return
    // `own` stays the old item until the flush re-derives it, which also places the new one.
    record.base = { ...record.base, author }
    this.dirty.add(entryId)
  }

  /** A new message, at timeline index `at` when it was appended, null when inserted in the middle. */
  addMessage(item: MessageItem, at: number | null): void {
    this.records.set(item.entryId, { base: item, own: item, dishonoured: 0 })
    if (at === null) this.positions = null
    else this.positions?.set(item.entryId, at)
    if (item.replyTo !== null) {
      const replies = this.replies.get(item.replyTo)
      if (replies) replies.add(item.entryId)
      else this.replies.set(item.replyTo, new Set([item.entryId]))
    }
    this.dirty.add(item.entryId)
  }

  /** A message shown outside the timeline (a thread reply): modifiers apply, `current` reads it. */
  addOffTimeline(item: MessageItem): void {
    this.records.set(item.entryId, { base: item, own: item, dishonoured: 0 })
    this.dirty.add(item.entryId)
  }

  /** The message as it reads now, with its modifiers applied. */
  current(entryId: string): MessageItem | undefined {
    return this.records.get(entryId)?.own
  }

  /** Items were inserted in the middle of the timeline: the known positions are stale. */
  timelineMoved(): void {
    this.positions = null
  }

  /** A modifier added at the end of the log (for one inserted earlier, call `reorder` after). */
  addModifier(entry: ModifierEntry): void {
    const list = this.modifiers.get(entry.target)
    if (list) list.push(entry)
    else this.modifiers.set(entry.target, [entry])
    this.dirty.add(entry.target)
  }

  /** Re-reads the modifiers of `targets` in log order after some were inserted in the middle. */
  reorder(targets: ReadonlySet<string>, log: Iterable<Entry | undefined>): void {
    for (const target of targets) this.modifiers.set(target, [])
    for (const entry of log) {
      if (entry && 'target' in entry && targets.has(entry.target))
        this.modifiers.get(entry.target)?.push(entry)
    }
    for (const target of targets) this.dirty.add(target)
  }

  /** Re-derives every message touched since the last flush and writes it into `timeline`. */
  flush(timeline: TimelineItem[]): void {
    if (this.dirty.size === 0) return
    const quoting = new Set<string>()
    for (const id of this.dirty) {
      const record = this.records.get(id)
      if (record === undefined) continue
      const modifiers = this.modifiers.get(id)
      const replies = this.replies.get(id)
      // The common case (a new message nobody touched yet) is already in the timeline as it is.
      if (modifiers === undefined && replies === undefined && record.own === record.base) {
        if (record.base.replyTo !== null) quoting.add(id)
        continue
      }
      record.own = applyModifiers(record.base, modifiers ?? [])
      const dishonoured = countDishonoured(record.base, modifiers ?? [])
      this.dishonouredTotal += dishonoured - record.dishonoured
      record.dishonoured = dishonoured
      quoting.add(id)
      for (const reply of replies ?? []) quoting.add(reply)
    }
    this.dirty.clear()
    for (const id of quoting) {
      const record = this.records.get(id)
      if (record === undefined) continue
      const target = record.own.replyTo === null ? undefined : this.records.get(record.own.replyTo)?.own
      this.place(timeline, id, withQuote(record.own, target))
    }
  }

  private place(timeline: TimelineItem[], entryId: string, item: MessageItem): void {
    if (this.positions === null) {
      this.positions = new Map()
      for (const [i, candidate] of timeline.entries()) {
        if (candidate.kind === 'message' && this.records.get(candidate.entryId)?.base.key === candidate.key)
          this.positions.set(candidate.entryId, i)
      }
    }
    const at = this.positions.get(entryId)
    if (at !== undefined && timeline[at]?.entryId === entryId) timeline[at] = item
  }
}
