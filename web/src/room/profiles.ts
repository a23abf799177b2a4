// Who signed entries are from, as people see them: each key's current profile. Names, colours,
// avatars and statuses come only from `profile` entries, and the current one of a key is decided
// by its author's own counter `seq` (ties, from two devices offline, by entry id), never by the
// sender's clock or log order: a far-future `ts` or a replayed old profile changes nothing, and
// every peer picks the same one whatever order it saw them in.
import type { Entry, ProfileEntry } from './schema'
import { colorFromId } from './schema'
import type { Author } from './timeline'

/** Whether profile `a` replaces `b` as its key's current one. */
export function beats(a: Pick<ProfileEntry, 'seq' | 'id'>, b: Pick<ProfileEntry, 'seq' | 'id'>): boolean {
  return a.seq > b.seq || (a.seq === b.seq && a.id > b.id)
}

/** How a signed author with no profile yet is shown (a profile usually comes with their join). */
function unnamed(key: string): Author {
  return {
    id: key,
    name: `Unnamed ${key.slice(0, 6)}`,
    color: colorFromId(key),
    avatar: null,
    status: null,
    verified: true,
  }
}

function authorFrom(profile: ProfileEntry): Author {
  const { authorId: id, name, color, avatar, status, dh } = profile
  const author: Author = { id, name, color, avatar, status, verified: true }
  if (dh !== null) author.dh = dh
  return author
}

/** A legacy entry's author: only what that entry claims, for that entry alone. */
export function legacyAuthor(entry: Entry): Author {
  const claim = entry.claim ?? { name: 'Unknown', color: colorFromId(entry.authorId) }
  return { id: entry.authorId, ...claim, avatar: null, status: null, verified: false }
}

export class ProfileBook {
  private readonly current = new Map<string, ProfileEntry>()
  private readonly authors = new Map<string, Author>()
  private people = new Map<string, Author>()
  /** Copy-on-write: a snapshot handed out never sees a later change. */
  private peopleShared = false

  /** Notes a verified profile; true when it became its key's current one. */
  note(profile: ProfileEntry): boolean {
    const key = profile.authorId
    const current = this.current.get(key)
    if (current !== undefined && !beats(profile, current)) return false
    this.current.set(key, profile)
    const author = authorFrom(profile)
    this.authors.set(key, author)
    if (this.peopleShared) {
      this.people = new Map(this.people)
      this.peopleShared = false
    }
    this.people.set(key, author)
    return true
  }

  profileOf(key: string): ProfileEntry | undefined {
    return this.current.get(key)
  }

  /** The author of entries signed by `key`: one shared object per key while its profile stays. */
  authorOf(key: string): Author {
    let author = this.authors.get(key)
    if (author === undefined) {
      author = unnamed(key)
      this.authors.set(key, author)
    }
    return author
  }

  /** Every key with a profile; the returned map never changes afterwards. */
  getPeople(): ReadonlyMap<string, Author> {
    this.peopleShared = true
    return this.people
  }
}
