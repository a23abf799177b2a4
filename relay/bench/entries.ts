// Room content the bench writes: signed chat entries (envelopes `{ key, body, sig }` whose body is
// the app's `{ "v": 2, "type": "message", … }`) appended to the root array `messages`, the only
// shape Parley accepts. An envelope is signed for one room, so a seed is built for its room; seeds
// are built once in-process and reused for both relays, so each relay gets byte-identical data.
import { type Envelope, parseEnvelope } from '@parley/protocol'
import * as Y from 'yjs'
import { createSigner, type Signer } from './signing.js'
import { nowMs } from './stats.js'

/** Authors interleaved in a seeded room, so its history has one item per entry, as a real chat. */
const SEED_AUTHORS = 20
const TEXT = 'the quick brown fox jumps over the lazy dog, again and again'

/** The body of a chat message as the app writes it (web/src/room/schema.ts). */
export interface MessageBody {
  v: 2
  type: 'message'
  /** Wall-clock send time in ms (fractional); fan-out latency is measured against it. */
  ts: number
  text: string
}

/** The signed entry of a message with `text` sent at `ts`. */
export function signedMessage(signer: Signer, room: string, ts: number, text = TEXT): Envelope {
  const body: MessageBody = { v: 2, type: 'message', ts, text }
  return signer.seal(room, JSON.stringify(body))
}

/** A writer with a fixed Yjs client id and its own key that turns each new entry into one update. */
export interface EntryWriter {
  readonly client: number
  readonly doc: Y.Doc
  /** Appends one entry and returns its update and clock. */
  append(): { update: Uint8Array; clock: number; ts: number }
}

export function createEntryWriter(client: number, room: string): EntryWriter {
  const signer = createSigner()
  const doc = new Y.Doc()
  doc.clientID = client
  const messages = doc.getArray<Envelope>('messages')
  let last: Uint8Array | null = null
  doc.on('update', (update: Uint8Array) => {
    last = update
  })
  return {
    client,
    doc,
    append() {
      const clock = Y.getState(doc.store, client)
      const ts = nowMs()
      messages.push([signedMessage(signer, room, ts)])
      if (last === null) throw new Error('append produced no update')
      const update: Uint8Array = last
      last = null
      return { update, clock, ts }
    },
  }
}

export interface Seed {
  room: string
  entries: number
  /** Updates to send in order; each well under the relay's frame limit. */
  chunks: Uint8Array[]
  bytes: number
  /** State vector of the whole seed: a syncStep1 with it gets an empty answer once all is applied. */
  stateVector: Uint8Array
  /** The state vector after each chunk. */
  chunkStateVectors: Uint8Array[]
}

/** `entries` entries for `room` by interleaved authors, cut into updates of `chunkEntries` entries each. */
export function buildSeed(room: string, entries: number, chunkEntries: number): Seed {
  const signers = Array.from({ length: SEED_AUTHORS }, () => createSigner())
  const doc = new Y.Doc()
  const messages = doc.getArray<Envelope>('messages')
  const chunks: Uint8Array[] = []
  const chunkStateVectors: Uint8Array[] = []
  let before = Y.encodeStateVector(doc)
  for (let start = 0; start < entries; start += chunkEntries) {
    const end = Math.min(entries, start + chunkEntries)
    doc.transact(() => {
      for (let i = start; i < end; i++) {
        const author = i % SEED_AUTHORS
        doc.clientID = 1 + author
        // insert at length, not push: push walks the whole list from its start every time.
        messages.insert(messages.length, [signedMessage(signers[author] ?? createSigner(), room, 0)])
      }
    })
    chunks.push(Y.encodeStateAsUpdate(doc, before))
    before = Y.encodeStateVector(doc)
    chunkStateVectors.push(before)
  }
  const bytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0)
  return { room, entries, chunks, bytes, stateVector: before, chunkStateVectors }
}

/** Reads the `ts` of the first entry in an update (one full decode; done once per message). */
export function firstEntryTs(update: Uint8Array): number | null {
  const { structs } = Y.decodeUpdate(update)
  for (const struct of structs) {
    if (!(struct instanceof Y.Item && struct.content instanceof Y.ContentAny)) continue
    const envelope = parseEnvelope(struct.content.arr[0])
    if (typeof envelope === 'string') continue
    const body = JSON.parse(envelope.body) as Partial<MessageBody>
    if (typeof body.ts === 'number') return body.ts
  }
  return null
}
