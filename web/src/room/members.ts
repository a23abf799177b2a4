// Who joined the room, with how they are shown. A person who joined twice (two devices) is
// announced once, at the join that `precedes` the other: the same one on every peer.
import { type Author, type Member, precedes, type TimelineItem } from './timeline'

export class MemberList {
  private members = new Map<string, Member>()
  /** Copy-on-write: a map handed out in a snapshot is never changed afterwards. */
  private shared = false

  /** A join item was folded: its author is a member, announced at their earliest join. */
  noteJoin(item: TimelineItem): void {
    const member = this.members.get(item.author.id)
    if (member && !precedes(item, { entryId: member.joinEntryId, ts: member.joinedAt })) return
    this.set({ ...item.author, joinEntryId: item.entryId, joinedAt: item.ts })
  }

  /** `author` has a new current profile: their member entry shows it. */
  rename(author: Author): void {
    const member = this.members.get(author.id)
    if (member) this.set({ ...member, ...author })
  }

  get(): ReadonlyMap<string, Member> {
    this.shared = true
    return this.members
  }

  private set(member: Member): void {
    if (this.shared) {
      this.members = new Map(this.members)
      this.shared = false
    }
    this.members.set(member.id, member)
  }
}
