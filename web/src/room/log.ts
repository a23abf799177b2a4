// Writes to the room's log. The relay accepts only appends of plain JSON to the one root array
// `messages`, so this is the only module that names that root, and it only ever pushes.
import * as Y from 'yjs'
import { type Attachment, checkAttachment } from './attachments'
import { createEntryId } from './ids'
import { checkEmoji, checkEntrySize, checkMessageText, checkTitle, EntryLimitError } from './limits'
import { type Author, ENTRY_VERSION, type Entry } from './schema'

export const LOG_NAME = 'messages'

/** Where an entry sits in the Yjs history: written by `client` at `clock`. */
export interface LogId {
  client: number
  clock: number
}

export interface Appended {
  entry: Entry
  logId: LogId
}

/** A message to send: text, and optionally what it answers and what it carries. */
export interface MessageDraft {
  text: string
  replyTo?: string
  attachments?: Attachment[]
}

export function getLog(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(LOG_NAME)
}

type EntryBody = Entry extends infer E
  ? E extends Entry
    ? Omit<E, 'v' | 'id' | 'author' | 'ts'>
    : never
  : never

function append(doc: Y.Doc, author: Author, body: EntryBody, now: number): Appended {
  const entry = { v: ENTRY_VERSION, id: createEntryId(), author: { ...author }, ts: now, ...body } as Entry
  const sizeError = checkEntrySize(entry)
  if (sizeError !== null) throw new EntryLimitError(sizeError)
  let logId: LogId = { client: doc.clientID, clock: 0 }
  doc.transact(() => {
    // Each JSON value in a ContentAny item takes one clock tick, so the next clock is this entry's.
    logId = { client: doc.clientID, clock: Y.getState(doc.store, doc.clientID) }
    getLog(doc).push([entry])
  })
  return { entry, logId }
}

function check(error: string | null): void {
  if (error !== null) throw new EntryLimitError(error)
}

/** Why `draft` cannot be sent, or null when it can. */
export function checkDraft(draft: MessageDraft): string | null {
  const attachments = draft.attachments ?? []
  for (const attachment of attachments) {
    const error = checkAttachment(attachment)
    if (error !== null) return error
  }
  if (attachments.length > 0 && draft.text.trim() === '') return null
  return checkMessageText(draft.text)
}

export function appendMessage(
  doc: Y.Doc,
  author: Author,
  draft: string | MessageDraft,
  now = Date.now(),
): Appended {
  const { text, replyTo, attachments } = typeof draft === 'string' ? { text: draft } : draft
  check(checkDraft({ text, attachments }))
  const body: EntryBody = { type: 'message', text }
  if (replyTo !== undefined) body.replyTo = replyTo
  if (attachments !== undefined && attachments.length > 0) body.attachments = attachments
  return append(doc, author, body, now)
}

export function appendJoin(doc: Y.Doc, author: Author, now = Date.now()): Appended {
  return append(doc, author, { type: 'join' }, now)
}

export function appendTitle(doc: Y.Doc, author: Author, title: string, now = Date.now()): Appended {
  const trimmed = title.trim()
  check(checkTitle(trimmed))
  return append(doc, author, { type: 'title', title: trimmed }, now)
}

/** Replaces the text of your own message `target` (others ignore an edit of someone else's). */
export function appendEdit(doc: Y.Doc, author: Author, target: string, text: string, now = Date.now()) {
  check(checkMessageText(text))
  return append(doc, author, { type: 'edit', target, text }, now)
}

export function appendRetract(doc: Y.Doc, author: Author, target: string, now = Date.now()): Appended {
  return append(doc, author, { type: 'retract', target }, now)
}

/** Sets (`on`) or clears your `emoji` reaction on `target`. */
export function appendReaction(
  doc: Y.Doc,
  author: Author,
  reaction: { target: string; emoji: string; on: boolean },
  now = Date.now(),
): Appended {
  check(checkEmoji(reaction.emoji))
  return append(doc, author, { type: 'reaction', ...reaction }, now)
}

/** The entry id a log value carries, or null (for a malformed value). */
function entryIdOf(value: unknown): string | null {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined
  return typeof id === 'string' ? id : null
}

/**
 * Appends `values` again exactly as they are, skipping any whose entry id the log already holds:
 * how a rebuilt room gets back the entries the relay never stored, with their ids (so replies,
 * edits and reactions that point at them still work). One transaction; returns where it wrote them.
 */
export function appendCopies(doc: Y.Doc, values: readonly unknown[]): LogId[] {
  const log = getLog(doc)
  const present = new Set<string>()
  for (const value of log.toArray()) {
    const id = entryIdOf(value)
    if (id !== null) present.add(id)
  }
  const copies = values.filter((value) => {
    const id = entryIdOf(value)
    if (id !== null && present.has(id)) return false
    if (id !== null) present.add(id)
    return true
  })
  if (copies.length === 0) return []
  let first = 0
  doc.transact(() => {
    first = Y.getState(doc.store, doc.clientID)
    log.push(copies)
  })
  return copies.map((_, i) => ({ client: doc.clientID, clock: first + i }))
}

/** An entry is durable once the relay's stored state vector covers its clock. */
export function isDurable(logId: LogId, durable: ReadonlyMap<number, number>): boolean {
  return (durable.get(logId.client) ?? 0) > logId.clock
}
