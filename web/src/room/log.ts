// Writes to the room's log. The relay accepts only appends of plain JSON to the one root array
// `messages`, so this is the only module that names that root, and it only ever pushes.
import * as Y from 'yjs'
import { createEntryId } from './ids'
import { checkEntrySize, checkMessageText, checkTitle, EntryLimitError } from './limits'
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

export function getLog(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(LOG_NAME)
}

type EntryBody = { type: 'message'; text: string } | { type: 'join' } | { type: 'title'; title: string }

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

export function appendMessage(doc: Y.Doc, author: Author, text: string, now = Date.now()): Appended {
  const error = checkMessageText(text)
  if (error !== null) throw new EntryLimitError(error)
  return append(doc, author, { type: 'message', text }, now)
}

export function appendJoin(doc: Y.Doc, author: Author, now = Date.now()): Appended {
  return append(doc, author, { type: 'join' }, now)
}

export function appendTitle(doc: Y.Doc, author: Author, title: string, now = Date.now()): Appended {
  const trimmed = title.trim()
  const error = checkTitle(trimmed)
  if (error !== null) throw new EntryLimitError(error)
  return append(doc, author, { type: 'title', title: trimmed }, now)
}

/** An entry is durable once the relay's stored state vector covers its clock. */
export function isDurable(logId: LogId, durable: ReadonlyMap<number, number>): boolean {
  return (durable.get(logId.client) ?? 0) > logId.clock
}
