// A person's read positions over their private read-state document (a Y.Doc synced like a room):
// folds the signed `read` entries only this person's key wrote, and appends new ones, coalesced,
// once the document is theirs. No network here: readState.ts connects it.
//
// The document is made theirs by a first `members` entry listing only their key, which the relay
// enforces (protocol/src/roomRules.ts): nobody else can write into it, whoever learns its id. That
// entry must be the very first, so it is written only once the relay has answered that the
// document is empty (`claim`); two devices claiming a new document at the same instant is the one
// case this cannot settle, and then the second device's writes are refused until it reloads.
import { envelopeOf, parseEnvelope, signingBytes, type VerifyEd25519, verifyEnvelope } from '@parley/protocol'
import type * as Y from 'yjs'
import type { Signer } from '../identity/signer'
import { addedItems, getLog } from '../room'
import {
  encodeMovedBody,
  encodeReadBody,
  isAhead,
  parseMovedBody,
  parseReadBody,
  type ReadMark,
  type ReadPosition,
  ReadPositions,
} from './readEntries'

/** Reads of one place within this long become one entry: scrolling does not write a stream. */
export const COALESCE_MS = 1500

export interface ReadStateDoc {
  get(room: string, thread?: string): ReadPosition | undefined
  /** Every place with a position (`room` or `room#thread`). */
  entries(): IterableIterator<[string, ReadPosition]>
  /** Called after every change of a position; returns its unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Moves a position forward (never back); written within COALESCE_MS once the doc is claimed. */
  markRead(mark: ReadMark): void
  /** Writes the `members` entry if the document is still empty (call once the relay answered). */
  claim(): Promise<void>
  /** Writes what is waiting now. */
  flush(): Promise<void>
  close(): void
}

/** What the generations of a read state (readStateChain.ts) need of each one's document. */
export interface ReadStateGeneration extends ReadStateDoc {
  /** Entries in the document's log: what every device of the person syncs. */
  size(): number
  /** Places with a position. */
  places(): number
  /** The newest generation a `moved` entry of this person names, or 0. */
  movedTo(): number
  /** Appends a `moved` entry naming generation `to` (once the document is claimed). */
  markMoved(to: number): Promise<void>
  /** Resolves once every entry in the document so far is folded (signatures are checked first). */
  whenRead(): Promise<void>
  /** Called after this device wrote reads into the document; returns its unsubscribe. */
  onWritten(listener: () => void): () => void
}

export interface ReadStateDocOptions {
  /** The document's id: signatures cover it. */
  room: string
  signer: Signer
  verify: VerifyEd25519
  now?: () => number
}

function membersBody(key: string, ts: number): string {
  return JSON.stringify({ v: 2, type: 'members', ts, keys: [key] })
}

export function createReadStateDoc(doc: Y.Doc, options: ReadStateDocOptions): ReadStateGeneration {
  const { room, signer, verify, now = Date.now } = options
  const log = getLog(doc)
  const positions = new ReadPositions()
  const waiting = new Map<string, ReadMark>()
  const listeners = new Set<() => void>()
  let moved = 0
  const written = new Set<() => void>()
  let timer: ReturnType<typeof setTimeout> | null = null
  let closed = false
  let writes: Promise<unknown> = Promise.resolve()
  const notify = () => {
    for (const listener of listeners) listener()
  }
  const claimed = () => {
    const first = parseEnvelope(log.get(0))
    return typeof first !== 'string' && first.key === signer.key && first.body.includes('"type":"members"')
  }
  // One batch at a time, in log order, so `whenRead` means everything so far.
  let reading: Promise<void> = Promise.resolve()
  const read = (values: readonly unknown[]) => {
    reading = reading.then(() => fold(values))
  }
  const fold = async (values: readonly unknown[]) => {
    let changed = false
    for (const value of values) {
      const envelope = parseEnvelope(value)
      if (typeof envelope === 'string' || envelope.key !== signer.key) continue
      const mark = parseReadBody(envelope.body)
      const to = mark === null ? parseMovedBody(envelope.body) : null
      if ((mark === null && to === null) || !(await verifyEnvelope(room, envelope, verify))) continue
      if (mark !== null && positions.note(mark)) changed = true
      if (to !== null && to > moved) {
        moved = to
        changed = true
      }
    }
    if (changed && !closed) notify()
  }
  // Not `event.changes`: Yjs computes it by walking the whole list, on every transaction.
  const observer = (_event: Y.YArrayEvent<unknown>, transaction: Y.Transaction) => {
    const values: unknown[] = []
    for (const item of addedItems(log, transaction))
      for (const value of item.content.getContent()) values.push(value)
    read(values)
  }
  log.observe(observer)
  read(log.toArray())
  const push = async (body: string) => {
    const signature = await signer.sign(signingBytes(room, signer.key, body))
    if (!doc.isDestroyed) log.push([envelopeOf(signer.key, body, signature)])
  }
  const flush = (): Promise<void> => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    if (!claimed() || waiting.size === 0) return writes.then(() => undefined)
    const marks = [...waiting.values()]
    waiting.clear()
    writes = writes.then(async () => {
      for (const mark of marks) await push(encodeReadBody(mark, now()))
      if (!closed) for (const listener of written) listener()
    })
    return writes.then(() => undefined)
  }
  return {
    get: (place, thread) => positions.get(place, thread),
    entries: () => positions.entries(),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    markRead(mark) {
      if (!isAhead(mark, positions.get(mark.room, mark.thread))) return
      // Shown at once on this device; written a little later, once for a burst of reads.
      positions.note(mark)
      waiting.set(`${mark.room}#${mark.thread ?? ''}`, mark)
      notify()
      timer ??= setTimeout(() => void flush(), COALESCE_MS)
    },
    async claim() {
      if (log.length === 0) {
        writes = writes.then(() => push(membersBody(signer.key, now())))
        await writes
      }
      await flush()
    },
    flush,
    size: () => log.length,
    places: () => positions.size,
    movedTo: () => moved,
    whenRead: () => reading,
    onWritten(listener) {
      written.add(listener)
      return () => written.delete(listener)
    },
    async markMoved(to) {
      if (!claimed()) return
      writes = writes.then(() => push(encodeMovedBody(to, now())))
      await writes
    },
    close() {
      closed = true
      if (timer !== null) clearTimeout(timer)
      log.unobserve(observer)
      listeners.clear()
      written.clear()
    },
  }
}
