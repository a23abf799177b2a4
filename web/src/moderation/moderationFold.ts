// The room's moderation, folded from its entries in log order: the shared rules of
// @parley/protocol (the relay folds the very same ones), which messages are hidden and by whom,
// and which entries are not shown because their author was muted or banned when they wrote them
// (or changed the title or topic without the level the room's policy asks for). Log order is the
// same on every peer, so two moderators acting at once come out the same everywhere.
import {
  createRoomRules,
  LEVEL_MEMBER,
  LEVEL_MODERATOR,
  type RoomPolicy,
  type RoomRules,
} from '@parley/protocol'
import type { Entry } from '../room/schema'

/** The moderation of a room as plain data (part of the room's snapshot). */
export interface Moderation {
  /** Each key above member level, with its level (owners 100, moderators 50). */
  levels: ReadonlyMap<string, number>
  muted: ReadonlySet<string>
  banned: ReadonlySet<string>
  /** The keys that alone may write here (a direct message), or null for an open room. */
  members: ReadonlySet<string> | null
  policy: RoomPolicy
  /** Message id -> the key of who hid it. */
  hidden: ReadonlyMap<string, string>
  /** Ids of entries not shown: written while muted or banned, or a title or topic below the policy. */
  suppressed: ReadonlySet<string>
  /** Moderation entries that changed nothing (not allowed, or no such message). */
  ignored: number
}

export const NO_MODERATION: Moderation = {
  levels: new Map(),
  muted: new Set(),
  banned: new Set(),
  members: null,
  policy: { title: LEVEL_MEMBER, topic: LEVEL_MEMBER },
  hidden: new Map(),
  suppressed: new Set(),
  ignored: 0,
}

export function levelIn(moderation: Moderation, key: string): number {
  return moderation.levels.get(key) ?? LEVEL_MEMBER
}

export class ModerationFold {
  private rules: RoomRules = createRoomRules()
  /** Everyone a role, ban or mute entry named, and the first author: whose state may differ. */
  private named = new Set<string>()
  /** Message id -> author key, to check that a hider is above the message's author. */
  private authors = new Map<string, string>()
  private hidden = new Map<string, string>()
  private suppressed = new Set<string>()
  private ignored = 0
  /** How many moderation entries were folded: none means nothing can be hidden or suppressed. */
  private entries = 0
  private summary: Moderation | null = NO_MODERATION
  /** Copy-on-write: a summary handed out shares these sets until the next change copies them. */
  private shared = false

  get hasEntries(): boolean {
    return this.entries > 0
  }

  /** Folds the next signed entry in log order (legacy entries have no part in the rules). */
  note(entry: Entry): void {
    if (entry.claim !== null) return
    const author = entry.authorId
    if (this.named.size === 0) {
      this.named.add(author) // the room's first signed entry: its author is the owner
      this.summary = null
    }
    if (entry.type === 'moderation') {
      this.entries++
      this.summary = null
      this.noteModeration(entry, author)
      return
    }
    this.rules.apply(author, null)
    if (entry.type === 'message') this.authors.set(entry.id, author)
    if (this.isSuppressed(entry, author)) {
      this.unshare()
      this.suppressed.add(entry.id)
      this.summary = null
    }
  }

  /** What it adds up to, the same object until something changes. */
  get(): Moderation {
    if (this.summary === null) this.summary = this.summarise()
    return this.summary
  }

  private noteModeration(entry: Entry & { type: 'moderation' }, author: string): void {
    const { body } = entry
    if (body.type !== 'hide') {
      if ('target' in body) this.named.add(body.target)
      if (this.rules.apply(author, body) !== null) this.ignored++
      return
    }
    this.rules.apply(author, null)
    const target = this.authors.get(body.target)
    const level = this.rules.levelOf(author)
    const allowed =
      target !== undefined &&
      this.rules.mayWrite(author) &&
      level >= LEVEL_MODERATOR &&
      level > this.rules.levelOf(target)
    if (!allowed) {
      this.ignored++
      return
    }
    this.unshare()
    if (body.on) this.hidden.set(body.target, author)
    else this.hidden.delete(body.target)
  }

  private unshare(): void {
    if (!this.shared) return
    this.hidden = new Map(this.hidden)
    this.suppressed = new Set(this.suppressed)
    this.shared = false
  }

  private isSuppressed(entry: Entry, author: string): boolean {
    if (this.entries === 0) return false
    const rules = this.rules
    switch (entry.type) {
      case 'message':
        return rules.isMuted(author) || !rules.mayWrite(author)
      case 'title':
        return !rules.mayWrite(author) || rules.levelOf(author) < rules.policy.title
      case 'topic':
        return !rules.mayWrite(author) || rules.levelOf(author) < rules.policy.topic
      default:
        return false
    }
  }

  private summarise(): Moderation {
    this.shared = true
    const levels = new Map<string, number>()
    const muted = new Set<string>()
    const banned = new Set<string>()
    for (const key of this.named) {
      const level = this.rules.levelOf(key)
      if (level !== LEVEL_MEMBER) levels.set(key, level)
      if (this.rules.isMuted(key)) muted.add(key)
      if (this.rules.isBanned(key)) banned.add(key)
    }
    return {
      levels,
      muted,
      banned,
      members: this.rules.members,
      policy: this.rules.policy,
      hidden: this.hidden,
      suppressed: this.suppressed,
      ignored: this.ignored,
    }
  }
}
