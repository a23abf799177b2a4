// The fold from log to view, as plain data: it is told "these values were inserted at log index i"
// and "these signatures were checked", and updates the view in time proportional to the change,
// not to the log. Only accepted entries are folded (verified signed ones, and legacy ones marked
// unverified), and the view is the same whatever order their verdicts arrive in: folding an
// entry once it is verified is folding it as if it had been inserted at its place in the log.
import { moderateThreads, moderateTimeline } from '../moderation/moderatedView'
import { ModerationFold } from '../moderation/moderationFold'
import type { LogId } from './log'
import { MemberList } from './members'
import { MessageIndex } from './messageIndex'
import { type PendingGroup, PendingSlots } from './pending'
import { legacyAuthor, ProfileBook } from './profiles'
import { countAfter, locate, type Run } from './runs'
import type { Entry, ModifierEntry, ProfileEntry } from './schema'
import { insertAt, isAccepted, isPending, LogIdMap, makeSlot, type Slot, type Trust } from './slots'
import { ThreadIndex } from './threads'
import { type Author, type RoomSnapshot, type TimelineItem, toTimelineItem } from './timeline'

function isModifier(entry: Entry): entry is ModifierEntry {
  return entry.type === 'edit' || entry.type === 'retract' || entry.type === 'reaction'
}

export class FoldState {
  /** One slot per log value; null where the value is nothing this app reads. */
  private slots: (Slot | null)[] = []
  private timeline: TimelineItem[] = []
  private messages = new MessageIndex()
  private profiles = new ProfileBook()
  /** The slot of each key's current profile (the view cache keeps them with the newest entries). */
  private profileSlots = new Map<string, Slot>()
  private members = new MemberList()
  private moderation = new ModerationFold()
  /** False once an entry was folded into `moderation` out of log order (see noteModeration). */
  private moderationInOrder = true
  private threads = new ThreadIndex()
  /** Ids of the applied entries: a second entry with one of them is a replay, and is ignored. */
  private ids = new Set<string>()
  private readonly pending = new PendingSlots()
  private title: string | null = null
  private topic: string | null = null
  private messageCount = 0
  private counts = { badSignature: 0, unsigned: 0, duplicate: 0 }
  private snapshot: RoomSnapshot | null = null

  constructor(
    private readonly trust: Trust,
    private version = 0,
  ) {}

  get length(): number {
    return this.slots.length
  }

  /** Signed entries waiting for (or in) a signature check. */
  get pendingCount(): number {
    return this.pending.size
  }

  /** Applies `values` inserted at log `index`; `ids[i]` is where `values[i]` was written. */
  insert(index: number, values: readonly unknown[], ids: readonly LogId[]): void {
    const made = values.map((value, i) => {
      const logId = ids[i]
      const slot = logId === undefined ? null : makeSlot(value, logId, this.trust)
      if (slot !== null) this.count(slot)
      return slot
    })
    this.slots = insertAt(this.slots, index, made)
    this.apply([{ start: index, end: index + made.length }])
    this.changed()
  }

  /** Up to about `max` entries to check now, newest first (see pending.ts). */
  takePending(max: number, profilesFirst: boolean): PendingGroup[] {
    return this.pending.take(this.slots, max, profilesFirst)
  }

  /** Applies checked signatures: valid entries join the view at their place in the log. */
  settle(verdicts: ReadonlyMap<Slot, boolean>): void {
    const accepted = new Set<Slot>()
    for (const [slot, ok] of verdicts) {
      if (slot.state !== 'checking') continue
      slot.state = ok ? 'valid' : 'bad'
      this.pending.settled(slot, true)
      if (ok) accepted.add(slot)
      else this.counts.badSignature++
    }
    if (accepted.size > 0) this.apply(locate(this.slots, accepted))
    this.changed()
  }

  /** What this state knows of each signed value, for a state that re-reads the same log. */
  knownVerdicts(): Trust {
    const known = new LogIdMap<boolean>()
    for (const slot of this.slots) {
      if (slot?.state === 'valid' || slot?.state === 'bad') known.set(slot.logId, slot.state === 'valid')
    }
    return (logId) => known.get(logId) ?? null
  }

  /** Log ids of the values whose signature does not verify. */
  badIds(): LogId[] {
    return this.slots.flatMap((slot) => (slot?.state === 'bad' ? [slot.logId] : []))
  }

  /** The values the view shows, newest first, as the log holds them (for the view cache). */
  *appliedNewestFirst(): Generator<{ logId: LogId; value: unknown }> {
    for (let i = this.slots.length - 1; i >= 0; i--) {
      const slot = this.slots[i]
      if (slot?.applied) yield { logId: slot.logId, value: slot.value }
    }
  }

  /** The values the view shows from the one at `logId` on, oldest first (none if it is not shown). */
  *appliedFrom(logId: LogId): Generator<{ logId: LogId; value: unknown }> {
    const start = this.appliedValue(logId)?.index
    if (start === undefined) return
    for (let i = start; i < this.slots.length; i++) {
      const slot = this.slots[i]
      if (slot?.applied) yield { logId: slot.logId, value: slot.value }
    }
  }

  /** The current profile of `key`, if it has one. */
  profileOf(key: string): ProfileEntry | undefined {
    return this.profiles.profileOf(key)
  }

  /** The current profile of `key` as the log holds it, if it has one. */
  profileValue(key: string): { logId: LogId; value: unknown } | undefined {
    const slot = this.profileSlots.get(key)
    return slot && { logId: slot.logId, value: slot.value }
  }

  /** The value at `logId` and its log index if the view shows it. Scans: for a few pins only. */
  appliedValue(logId: LogId): { value: unknown; index: number } | undefined {
    for (let i = this.slots.length - 1; i >= 0; i--) {
      const slot = this.slots[i]
      if (slot?.applied && slot.logId.client === logId.client && slot.logId.clock === logId.clock)
        return { value: slot.value, index: i }
    }
    return undefined
  }

  getSnapshot(): RoomSnapshot {
    if (this.snapshot === null) {
      const moderation = this.moderation.get()
      const authorOf = (key: string) => this.profiles.authorOf(key)
      const moderated = moderateTimeline(this.timeline, moderation, authorOf)
      this.snapshot = {
        version: this.version,
        timeline: moderated.timeline,
        title: moderated.title === undefined ? this.title : moderated.title,
        topic: moderated.topic === undefined ? this.topic : moderated.topic,
        members: this.members.get(),
        people: this.profiles.getPeople(),
        messageCount: moderated.messageCount ?? this.messageCount,
        lastMessage:
          moderated.lastMessage === undefined
            ? this.findLast((item) => item.kind === 'message')
            : moderated.lastMessage,
        threads: moderateThreads(this.threads.get(), moderation, authorOf),
        verification: {
          pending: this.pending.size,
          ignored: { ...this.counts, wrongAuthor: this.messages.dishonoured },
        },
        moderation,
      }
    }
    return this.snapshot
  }

  private count(slot: Slot): void {
    if (slot.state === 'unsigned') this.counts.unsigned++
    else if (slot.state === 'bad') this.counts.badSignature++
    else if (isPending(slot)) this.pending.add(slot)
  }

  /**
   * Folds the accepted, not yet applied slots of `runs` (ascending, disjoint) into the view. Only
   * the last run can come after everything shown so far ("appended"): the common case of new
   * entries, which costs O(1) per entry; the others are placed in the middle.
   */
  private apply(runs: readonly Run[]): void {
    const afterEnd = countAfter(this.slots, runs)
    const newIds = new Set<string>()
    const byRun = runs.map((run, r) => {
      const appended = r === runs.length - 1 && (afterEnd[r]?.applied ?? 0) === 0
      const fresh: (Slot & { entry: Entry })[] = []
      for (let i = run.start; i < run.end; i++) {
        const slot = this.slots[i]
        if (!isAccepted(slot) || slot.applied) continue
        const { id } = slot.entry
        if (this.ids.has(id) && !newIds.has(id) && !appended) return null // an earlier copy may count instead
        if (this.ids.has(id)) this.counts.duplicate++
        else {
          this.ids.add(id)
          newIds.add(id)
          fresh.push(slot)
        }
      }
      return { run, appended, fresh }
    })
    if (byRun.some((part) => part === null)) {
      this.rebuild()
      return
    }
    const renamed = this.noteProfiles(byRun.flatMap((part) => part?.fresh ?? []))
    const moved = new Set<string>()
    let insertedLater = 0
    const created: TimelineItem[] = []
    for (let r = byRun.length - 1; r >= 0; r--) {
      const part = byRun[r]
      if (!part) continue
      const at = this.timeline.length - (afterEnd[r]?.items ?? 0) - insertedLater
      const items = this.place(part.fresh, at, part.appended, moved)
      insertedLater += items.length
      for (const item of items) created.push(item)
    }
    this.noteModeration(byRun as { appended: boolean; fresh: (Slot & { entry: Entry })[] }[])
    if (renamed.size > 0) this.rename(renamed)
    if (moved.size > 0) this.messages.reorder(moved, this.appliedEntries())
    if (this.threads.needsOrder) this.threads.reorder(this.appliedEntries())
    this.messages.flush(this.timeline)
    for (const target of moved) this.threads.touched(target)
    this.threads.flush((id) => this.messages.current(id))
    for (const item of created) this.noteItem(item)
    if (created.some((item) => item.kind === 'title')) this.title = this.findTitle()
    if (created.some((item) => item.kind === 'topic')) this.topic = this.findTopic()
  }

  /**
   * Folds newly applied entries into the room's moderation, which needs log order: entries that
   * come after everything applied are folded on; entries verified out of order (history is checked
   * newest first) force a fold from the start, but only once the room has moderation entries, since
   * without them nothing depends on order (the owner, its first author, is settled by that rebuild).
   */
  private noteModeration(
    parts: readonly { appended: boolean; fresh: readonly (Slot & { entry: Entry })[] }[],
  ): void {
    const inOrder = parts.every((part) => part.appended || part.fresh.length === 0)
    const fresh = parts.flatMap((part) => part.fresh)
    const rules = fresh.some((slot) => slot.entry.type === 'moderation')
    if (inOrder && (this.moderationInOrder || !rules)) {
      for (const slot of fresh) this.moderation.note(slot.entry)
      return
    }
    if (!rules && !this.moderation.hasEntries) {
      for (const slot of fresh) this.moderation.note(slot.entry)
      this.moderationInOrder = false
      return
    }
    this.moderation = new ModerationFold()
    this.moderationInOrder = true
    for (const entry of this.appliedEntries()) if (entry) this.moderation.note(entry)
  }

  /** Notes the profiles among `fresh`; returns the keys whose current profile changed. */
  private noteProfiles(fresh: readonly (Slot & { entry: Entry })[]): Set<string> {
    const renamed = new Set<string>()
    for (const slot of fresh) {
      const { entry } = slot
      if (entry.type !== 'profile' || !this.profiles.note(entry)) continue
      renamed.add(entry.authorId)
      this.profileSlots.set(entry.authorId, slot)
    }
    return renamed
  }

  private authorOf(entry: Entry): Author {
    return entry.claim === null ? this.profiles.authorOf(entry.authorId) : legacyAuthor(entry)
  }

  /** Marks `fresh` applied and puts their items into the timeline at `at`; returns the items. */
  private place(
    fresh: readonly (Slot & { entry: Entry })[],
    at: number,
    appended: boolean,
    moved: Set<string>,
  ): TimelineItem[] {
    const items: TimelineItem[] = []
    for (const slot of fresh) {
      const { entry } = slot
      slot.applied = true
      if (isModifier(entry)) {
        if (appended) this.messages.addModifier(entry)
        else moved.add(entry.target)
        this.threads.touched(entry.target)
      } else if (entry.type === 'message' && entry.thread !== undefined) {
        // A thread reply: listed under its root, outside the timeline (slot.item stays null).
        const reply = toTimelineItem(entry, slot.logId, this.authorOf(entry))
        if (reply.kind === 'message') this.messages.addOffTimeline(reply)
        this.threads.add(entry.thread, entry.id, appended)
      } else if (entry.type !== 'profile' && entry.type !== 'moderation') {
        const item = toTimelineItem(entry, slot.logId, this.authorOf(entry))
        slot.item = item
        if (item.kind === 'message') this.messages.addMessage(item, appended ? at + items.length : null)
        items.push(item)
      }
    }
    this.timeline = insertAt(this.timeline, at, items)
    if (!appended && items.length > 0) this.messages.timelineMoved()
    return items
  }

  /** Everyone in `keys` has a new current profile: their items and member entries show it. */
  private rename(keys: ReadonlySet<string>): void {
    for (let i = 0; i < this.timeline.length; i++) {
      const item = this.timeline[i] as TimelineItem
      if (item.author.verified === false || !keys.has(item.author.id)) continue
      const author = this.profiles.authorOf(item.author.id)
      if (item.author === author) continue
      if (item.kind === 'message') this.messages.rebase(item.entryId, author)
      else this.timeline[i] = { ...item, author }
    }
    for (const id of this.threads.replyIds()) {
      const reply = this.messages.current(id)
      if (reply === undefined || !keys.has(reply.author.id)) continue
      this.messages.rebase(id, this.profiles.authorOf(reply.author.id))
      this.threads.touched(id)
    }
    for (const key of keys) this.members.rename(this.profiles.authorOf(key))
  }

  private *appliedEntries(): Generator<Entry | undefined> {
    for (const slot of this.slots) if (slot?.applied) yield slot.entry ?? undefined
  }

  /** Folds every slot from scratch (their items are recomputed). */
  private rebuild(): void {
    for (const slot of this.slots) {
      if (slot === null) continue
      slot.applied = false
      slot.item = null
    }
    this.timeline = []
    this.messages = new MessageIndex()
    this.profiles = new ProfileBook()
    this.profileSlots = new Map()
    this.members = new MemberList()
    this.moderation = new ModerationFold()
    this.moderationInOrder = true
    this.threads = new ThreadIndex()
    this.ids = new Set()
    this.counts.duplicate = 0
    this.messageCount = 0
    this.apply([{ start: 0, end: this.slots.length }])
    this.title = this.findTitle()
    this.topic = this.findTopic()
  }

  private changed(): void {
    this.version++
    this.snapshot = null
  }

  private noteItem(item: TimelineItem): void {
    if (item.kind === 'message') this.messageCount++
    if (item.kind === 'join') this.members.noteJoin(item)
  }

  private findTitle(): string | null {
    const item = this.findLast((candidate) => candidate.kind === 'title')
    return item?.kind === 'title' ? item.title : null
  }

  private findTopic(): string | null {
    const item = this.findLast((candidate) => candidate.kind === 'topic')
    return item?.kind === 'topic' && item.topic !== '' ? item.topic : null
  }

  private findLast(predicate: (item: TimelineItem) => boolean): TimelineItem | null {
    for (let i = this.timeline.length - 1; i >= 0; i--) {
      const item = this.timeline[i]
      if (item && predicate(item)) return item
    }
    return null
  }
}
