// Writes a person's entries into a room's log: each one checked, signed with their key and pushed
// inside `doc.transact`. Signing is asynchronous (WebCrypto), so appends are too; they are pushed
// in the order they were asked for (one queue per writer), whatever order the signatures finish in.
import { type Envelope, entryIdOf, envelopeOf, signingBytes } from '@parley/protocol'
import * as Y from 'yjs'
import type { Signer } from '../identity/signer'
import { encodeBody, type NewEntry } from './bodies'
import { checkEnvelopeSize, EntryLimitError } from './limits'
import { getLog, type LogId } from './log'
import { type Entry, parseBody } from './schema'

export interface Appended {
  entry: Entry
  envelope: Envelope
  logId: LogId
}

export interface RoomWriter {
  /** The writer's public key: the author id of everything it writes. */
  readonly key: string
  /**
   * Checks `entry` at once (throws EntryLimitError when the relay would refuse it), then signs it
   * and appends it after everything this writer was asked to append before. Resolves with where
   * it was written, or null when the doc was destroyed first.
   */
  append(entry: NewEntry, now?: number): Promise<Appended | null>
}

export interface WriterOptions {
  /** Nothing is pushed before this settles: an entry written before the history is in would sort before it. */
  ready?: Promise<unknown>
}

export function createRoomWriter(
  doc: Y.Doc,
  room: string,
  signer: Signer,
  options: WriterOptions = {},
): RoomWriter {
  const { key } = signer
  let tail: Promise<unknown> = (options.ready ?? Promise.resolve()).catch(() => undefined)
  const push = (envelope: Envelope): Appended | null => {
    if (doc.isDestroyed) return null
    const entry = parseBody(envelope.body, entryIdOf(envelope), key)
    if (entry === null) throw new Error('the writer made a body it cannot read')
    let logId: LogId = { client: doc.clientID, clock: 0 }
    doc.transact(() => {
      // Each JSON value in a ContentAny item takes one clock tick, so the next clock is this entry's.
      logId = { client: doc.clientID, clock: Y.getState(doc.store, doc.clientID) }
      getLog(doc).push([envelope])
    })
    return { entry, envelope, logId }
  }
  return {
    key,
    append(entry, now = Date.now()) {
      const body = encodeBody(entry, now)
      const tooLarge = checkEnvelopeSize(key, body)
      if (tooLarge !== null) throw new EntryLimitError(tooLarge)
      // Signed at once, pushed in turn: signing several entries overlaps, their order does not change.
      const signature = signer.sign(signingBytes(room, key, body))
      const appended = Promise.all([signature, tail]).then(([sig]) => push(envelopeOf(key, body, sig)))
      tail = appended.catch(() => undefined)
      return appended
    },
  }
}
