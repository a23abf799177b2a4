// The fold from log to view, as plain data: it is told "these values were inserted at log index i"
// and updates the view in time proportional to the change, not to the log.
import type { LogId } from './log'
import { MessageIndex } from './messageIndex'
import { type Entry, type ModifierEntry, parseEntry } from './schema'
import { type Member, precedes, type RoomSnapshot, type TimelineItem, toTimelineItem } from './timeline'

/** One valid log entry; `item` is its timeline item, null for modifiers and reused message ids. */
interface Slot {
  entry: Entry
  logId: LogId
  item: TimelineItem | null
}

function isModifier(entry: Entry): entry is ModifierEntry {
  return entry.type === 'edit' || entry.type === 'retract' || entry.type === 'reaction'
}
/** Inserts `items` at `index` without spreading them into arguments (100k would overflow the stack). */
function insertAt<T>(array: T[], index: number, items: readonly T[]): T[] {
  if (index >= array.length) {
    for (const item of items) array.push(item)
    return array
  }
  if (items.length < 1000) {
    array.splice(index, 0, ...items)
    return array
  }
  return array.slice(0, index).concat(items, array.slice(index))
}

export class FoldState {
  /** One slot per log entry; null where the entry is malformed or of an unknown type. */
  private slots: (Slot | null)[] = []
  private timeline: TimelineItem[] = []
  private messages = new MessageIndex()
  private members = new Map<string, Member>()
  /** Each user's name and colour from their newest entry (by sender time: same on every peer). */
  private latest = new Map<string, { name: string; color: string; ts: number }>()
  private membersOwned = false
  private title: string | null = null
  private messageCount = 0
  private snapshot: RoomSnapshot | null = null
  constructor(private version = 0) {}

  get length(): number {
    return this.slots.length
  }

  /** Applies `values` inserted at log `index`; `ids[i]` is where `values[i]` was written. */
  insert(index: number, values: readonly unknown[], ids: readonly LogId[]): void {
    const parsed = values.map((value, i) => {
      const entry = parseEntry(value)
      const logId = ids[i]
      return entry === null || logId === undefined ? null : { entry, logId }
    })
    const appended = index >= this.slots.length
    // A message id seen again is ignored after its first use in log order; an earlier copy arriving
    // late changes which one that is, so the fold starts over (only a forged log does this).
    if (!appended && parsed.some((p) => p?.entry.type === 'message' && this.messages.has(p.entry.id))) {
      const slots = insertAt(
        this.slots,
        index,
        parsed.map((p) => p && { ...p, item: null }),
      )
      this.rebuild(slots)
      return
    }
    this.insertParsed(index, parsed, appended)
    this.changed()
  }

  /** Never produced by a valid room (the relay refuses deletions); handled by a rebuild for safety. */
  remove(index: number, count: number): void {
    this.rebuild(this.slots.filter((_, i) => i < index || i >= index + count))
  }

  getSnapshot(): RoomSnapshot {
    if (this.snapshot === null) {
      this.snapshot = {
        version: this.version,
        timeline: this.timeline,
        title: this.title,
        members: this.members,
        messageCount: this.messageCount,
        lastMessage: this.findLast((item) => item.kind === 'message'),
      }
    }
    return this.snapshot
  }

  private insertParsed(index: number, parsed: ({ entry: Entry; logId: LogId } | null)[], appended: boolean) {
    const at = this.timelineIndexOf(index)
    const items: TimelineItem[] = []
    const moved = new Set<string>()
    const slots = parsed.map((p): Slot | null => {
      if (p === null) return null
      const { entry, logId } = p
      this.noteAuthor(entry.author, entry.ts)
      if (isModifier(entry)) {
        if (appended) this.messages.addModifier(entry)
        else moved.add(entry.target)
        return { entry, logId, item: null }
      }
      if (entry.type === 'message' && this.messages.has(entry.id)) return { entry, logId, item: null }
      const item = toTimelineItem(entry, logId)
      if (item.kind === 'message') this.messages.addMessage(item, appended ? at + items.length : null)
      items.push(item)
      return { entry, logId, item }
    })
    this.slots = insertAt(this.slots, index, slots)
    this.timeline = insertAt(this.timeline, at, items)
    if (!appended && items.length > 0) this.messages.timelineMoved()
    if (moved.size > 0) this.messages.reorder(moved, this.entries())
    this.messages.flush(this.timeline)
    for (const item of items) this.noteItem(item)
    if (items.some((item) => item.kind === 'title')) this.title = this.findTitle()
  }

  private *entries(): Generator<Entry | undefined> {
    for (const slot of this.slots) yield slot?.entry
  }

  /** Folds `slots` from scratch (their items are recomputed). */
  private rebuild(slots: (Slot | null)[]): void {
    this.slots = []
    this.timeline = []
    this.messages = new MessageIndex()
    this.members = new Map()
    this.latest = new Map()
    this.messageCount = 0
    this.insertParsed(0, slots, true)
    this.title = this.findTitle()
    this.changed()
  }

  private changed(): void {
    this.version++
    this.snapshot = null
    this.membersOwned = false
  }

  /** Timeline position of log `index`, counted from the end: appends cost O(1). */
  private timelineIndexOf(index: number): number {
    let after = 0
    for (let i = index; i < this.slots.length; i++) if (this.slots[i]?.item) after++
    return this.timeline.length - after
  }

  private noteAuthor(author: { id: string; name: string; color: string }, ts: number): void {
    const { id, name, color } = author
    const latest = this.latest.get(id)
    if (latest !== undefined && ts < latest.ts) return
    this.latest.set(id, { name, color, ts })
    const member = this.members.get(id)
    if (member && (member.name !== name || member.color !== color)) this.setMember({ ...member, name, color })
  }

  private noteItem(item: TimelineItem): void {
    if (item.kind === 'message') this.messageCount++
    if (item.kind === 'join') this.noteJoin(item)
  }

  private noteJoin(item: TimelineItem): void {
    const { id } = item.author
    const member = this.members.get(id)
    if (member && !precedes(item, { entryId: member.joinEntryId, ts: member.joinedAt })) return
    const latest = this.latest.get(id) ?? item.author
    this.setMember({
      id,
      name: latest.name,
      color: latest.color,
      joinEntryId: item.entryId,
      joinedAt: item.ts,
    })
  }

  /** Copy-on-write once per change, so a new snapshot never shares a mutated members map. */
  private setMember(member: Member): void {
    if (!this.membersOwned) {
      this.members = new Map(this.members)
      this.membersOwned = true
    }
    this.members.set(member.id, member)
  }

  private findTitle(): string | null {
    const item = this.findLast((candidate) => candidate.kind === 'title')
    return item?.kind === 'title' ? item.title : null
  }

  private findLast(predicate: (item: TimelineItem) => boolean): TimelineItem | null {
    for (let i = this.timeline.length - 1; i >= 0; i--) {
      const item = this.timeline[i]
      if (item && predicate(item)) return item
    }
    return null
  }
}
