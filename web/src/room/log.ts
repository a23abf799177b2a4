// The room's log: the one root array `messages`. The relay accepts only appends of plain JSON to
// it, so this is the only module that names that root, and it only ever pushes. New entries go
// through the room writer (writer.ts), which signs them; this module re-appends copies.
import { entryIdOf, parseEnvelope } from '@parley/protocol'
import * as Y from 'yjs'

export const LOG_NAME = 'messages'

/** Where an entry sits in the Yjs history: written by `client` at `clock`. */
export interface LogId {
  client: number
  clock: number
}

export function getLog(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray<unknown>(LOG_NAME)
}

/** The entry id of a signed envelope, or null for anything else. */
function signedIdOf(value: unknown): string | null {
  const envelope = parseEnvelope(value)
  return typeof envelope === 'string' ? null : entryIdOf(envelope)
}

/**
 * Appends `values` again exactly as they are, skipping any whose entry id the log already holds:
 * how a rebuilt room gets back the entries the relay never stored. They are the same signed
 * envelopes, so they verify again and keep their ids (replies, edits and reactions that point at
 * them still work). Only envelopes signed by `key` are appended: the relay binds this doc's client
 * id to the first key that writes under it, and legacy (unsigned) entries cannot be sent any more.
 * One transaction; returns where it wrote them.
 */
export function appendCopies(doc: Y.Doc, values: readonly unknown[], key: string): LogId[] {
  const log = getLog(doc)
  const present = new Set<string>()
  for (const value of log.toArray()) {
    const id = signedIdOf(value)
    if (id !== null) present.add(id)
  }
  const copies = values.filter((value) => {
    const envelope = parseEnvelope(value)
    if (typeof envelope === 'string' || envelope.key !== key) return false
    const id = entryIdOf(envelope)
    if (present.has(id)) return false
    present.add(id)
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
