// Search beyond message text: files (attachments, by name and type) and people (by name), gathered
// from the same room views as the message index. Pure: views in, matches out; every query word
// must match as a prefix of a word of the name (or type), as for messages.
import type { Attachment, Author, RoomSnapshot } from '../room'
import { tokenize } from './searchIndex'

const MAX_FILES = 50
const MAX_PEOPLE = 20

export interface FileDoc {
  roomId: string
  /** The message that carries it (a thread reply's file opens the reply, in its thread). */
  entryId: string
  attachment: Attachment
  author: string
  ts: number
  words: readonly string[]
}

export interface PersonDoc {
  author: Author
  /** Rooms on this device where they have a profile. */
  roomIds: string[]
  words: readonly string[]
}

export interface Extras {
  files: FileDoc[]
  people: Map<string, PersonDoc>
}

export function createExtras(): Extras {
  return { files: [], people: new Map() }
}

/** `type` as words too ("image/png" -> image, png), so "png" or "image" finds it. */
function fileWords(attachment: Attachment): string[] {
  return [...tokenize(attachment.name), ...tokenize(attachment.type)]
}

/** Adds one room's files and people to `extras`. */
export function addRoomExtras(
  extras: Extras,
  roomId: string,
  room: Pick<RoomSnapshot, 'timeline' | 'threads' | 'people'>,
): void {
  const addFiles = (entryId: string, attachments: readonly Attachment[], author: string, ts: number) => {
    for (const attachment of attachments)
      extras.files.push({ roomId, entryId, attachment, author, ts, words: fileWords(attachment) })
  }
  for (const item of room.timeline) {
    if (item.kind === 'message' && !item.retracted)
      addFiles(item.entryId, item.attachments, item.author.name, item.ts)
  }
  for (const thread of room.threads.values()) {
    for (const reply of thread.replies)
      if (!reply.retracted) addFiles(reply.entryId, reply.attachments, reply.author.name, reply.ts)
  }
  for (const author of room.people.values()) {
    const known = extras.people.get(author.id)
    if (known) known.roomIds.push(roomId)
    else extras.people.set(author.id, { author, roomIds: [roomId], words: tokenize(author.name) })
  }
}

function matches(words: readonly string[], query: readonly string[]): boolean {
  return query.every((term) => words.some((word) => word.startsWith(term)))
}

/** Files whose name or type matches every word of `query`, newest first. */
export function findFiles(extras: Extras, query: string, roomId?: string): FileDoc[] {
  const terms = tokenize(query)
  if (terms.length === 0) return []
  return extras.files
    .filter((file) => (roomId === undefined || file.roomId === roomId) && matches(file.words, terms))
    .sort((a, b) => b.ts - a.ts)
    .slice(0, MAX_FILES)
}

/** People whose name matches every word of `query`, by name. */
export function findPeople(extras: Extras, query: string, roomId?: string): PersonDoc[] {
  const terms = tokenize(query)
  if (terms.length === 0) return []
  return [...extras.people.values()]
    .filter(
      (person) => (roomId === undefined || person.roomIds.includes(roomId)) && matches(person.words, terms),
    )
    .sort((a, b) => a.author.name.localeCompare(b.author.name))
    .slice(0, MAX_PEOPLE)
}
