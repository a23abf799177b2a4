// The fold from log to view, as plain data: it is told "these values were inserted at log index i"
// and updates the view in time proportional to the change, not to the log.
import type { LogId } from './log'
import { parseEntry } from './schema'
import { type Member, precedes, type RoomSnapshot, type TimelineItem, toTimelineItem } from './timeline'

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
  private slots: (TimelineItem | null)[] = []
  private timeline: TimelineItem[] = []
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
    const slots = values.map((value, i) => {
      const entry = parseEntry(value)
      const id = ids[i]
      return entry === null || id === undefined ? null : toTimelineItem(entry, id)
    })
    const items = slots.filter((item): item is TimelineItem => item !== null)
    const at = this.timelineIndexOf(index)
    this.slots = insertAt(this.slots, index, slots)
    this.timeline = insertAt(this.timeline, at, items)
    for (const item of items) this.noteItem(item)
    if (items.some((item) => item.kind === 'title')) this.title = this.findTitle()
    this.changed()
  }

  /** Never produced by a valid room (the relay refuses deletions); handled by a rebuild for safety. */
  remove(index: number, count: number): void {
    const kept = this.slots.filter((_, i) => i < index || i >= index + count)
    this.reset()
    this.slots = kept
    this.timeline = kept.filter((item): item is TimelineItem => item !== null)
    for (const item of this.timeline) this.noteItem(item)
    this.title = this.findTitle()
    this.changed()
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

  private reset(): void {
    this.members = new Map()
    this.latest = new Map()
    this.messageCount = 0
  }

  private changed(): void {
    this.version++
    this.snapshot = null
    this.membersOwned = false
  }

  /** Timeline position of log `index`, counted from the end: appends cost O(1). */
  private timelineIndexOf(index: number): number {
    let after = 0
    for (let i = index; i < this.slots.length; i++) if (this.slots[i] !== null) after++
    return this.timeline.length - after
  }

  private noteItem(item: TimelineItem): void {
    if (item.kind === 'message') this.messageCount++
    const { id, name, color } = item.author
    const latest = this.latest.get(id)
    if (latest === undefined || item.ts >= latest.ts) {
      this.latest.set(id, { name, color, ts: item.ts })
      const member = this.members.get(id)
      if (member && (member.name !== name || member.color !== color))
        this.setMember({ ...member, name, color })
    }
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
