// Room content the bench writes: plain-JSON chat entries appended to the root array `messages`,
// the only shape Parley accepts. Seeds for big rooms are built once in-process and reused for
// both relays, so each relay is given byte-identical data.
import * as Y from 'yjs'
import { nowMs } from './stats.js'

/** Authors interleaved in a seeded room, so its history has one item per entry, as a real chat. */
const SEED_AUTHORS = 20
const TEXT = 'the quick brown fox jumps over the lazy dog, again and again'

export interface Entry {
  v: 1
  type: 'message'
  id: string
  authorId: string
  text: string
  /** Wall-clock send time in ms (fractional); fan-out latency is measured against it. */
  ts: number
}

function entry(client: number, seq: number, ts: number): Entry {
  return { v: 1, type: 'message', id: `${client}-${seq}`, authorId: `author-${client}`, text: TEXT, ts }
}

/** A writer with a fixed Yjs client id that turns each new entry into one update. */
export interface EntryWriter {
  readonly client: number
  readonly doc: Y.Doc
  /** Appends one entry and returns its update and clock. */
  append(): { update: Uint8Array; clock: number; ts: number }
}

export function createEntryWriter(client: number): EntryWriter {
  const doc = new Y.Doc()
  doc.clientID = client
  const messages = doc.getArray<Entry>('messages')
  let last: Uint8Array | null = null
  doc.on('update', (update: Uint8Array) => {
    last = update
  })
  let seq = 0
  return {
    client,
    doc,
    append() {
      const clock = Y.getState(doc.store, client)
      const ts = nowMs()
      messages.push([entry(client, seq++, ts)])
      if (last === null) throw new Error('append produced no update')
      const update: Uint8Array = last
      last = null
      return { update, clock, ts }
    },
  }
}

export interface Seed {
  entries: number
  /** Updates to send in order; each well under the relay's frame limit. */
  chunks: Uint8Array[]
  bytes: number
  /** State vector of the whole seed: a syncStep1 with it gets an empty answer once all is applied. */
  stateVector: Uint8Array
}

/** `entries` entries by interleaved authors, cut into updates of `chunkEntries` entries each. */
export function buildSeed(entries: number, chunkEntries: number): Seed {
  const doc = new Y.Doc()
  const messages = doc.getArray<Entry>('messages')
  const chunks: Uint8Array[] = []
  let before = Y.encodeStateVector(doc)
  for (let start = 0; start < entries; start += chunkEntries) {
    const end = Math.min(entries, start + chunkEntries)
    doc.transact(() => {
      for (let i = start; i < end; i++) {
        const author = 1 + (i % SEED_AUTHORS)
        doc.clientID = author
        // insert at length, not push: push walks the whole list from its start every time.
        messages.insert(messages.length, [entry(author, i, 0)])
      }
    })
    chunks.push(Y.encodeStateAsUpdate(doc, before))
    before = Y.encodeStateVector(doc)
  }
  const bytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0)
  return { entries, chunks, bytes, stateVector: before }
}

/** Reads the `ts` of the first entry in an update (one full decode; done once per message). */
export function firstEntryTs(update: Uint8Array): number | null {
  const { structs } = Y.decodeUpdate(update)
  for (const struct of structs) {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentAny) {
      const first = struct.content.arr[0] as Partial<Entry> | undefined
      if (typeof first?.ts === 'number') return first.ts
    }
  }
  return null
}
