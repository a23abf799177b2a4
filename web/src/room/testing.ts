// Helpers shared by the room model's tests: people with real Ed25519 keys (WebCrypto, as in the
// browser), their writers, and folds that verify with WebCrypto too.
import { type Envelope, envelopeOf, signingBytes } from '@parley/protocol'
import * as Y from 'yjs'
import { generateIdentityKeys } from '../identity/keys'
import { createSigner, type Signer } from '../identity/signer'
import { createEd25519Verifier } from '../identity/verifier'
import { appendProfile } from './append'
import { encodeBody, type NewEntry } from './bodies'
import { createFold, type FoldOptions, type RoomFold } from './fold'
import type { FoldState } from './foldState'
import type { Author, TimelineItem } from './timeline'
import { createRoomWriter, type RoomWriter } from './writer'

export const ROOM = 'room-under-test'
export const verify = createEd25519Verifier()

export interface TestPerson {
  name: string
  color: string
  key: string
  signer: Signer
  /** A writer into `doc` (for `room`) under this person's key. */
  writer(doc: Y.Doc, room?: string): RoomWriter
}

export async function createTestPerson(name: string, color = '#1971c2'): Promise<TestPerson> {
  const { keyPair, key } = await generateIdentityKeys()
  const signer = createSigner(keyPair.privateKey, key)
  return { name, color, key, signer, writer: (doc, room = ROOM) => createRoomWriter(doc, room, signer) }
}

/** `entry` as `person` would sign it for `room`, without any doc. */
export async function seal(person: TestPerson, entry: NewEntry, room = ROOM, ts = 1): Promise<Envelope> {
  const body = encodeBody(entry, ts)
  return envelopeOf(person.key, body, await person.signer.sign(signingBytes(room, person.key, body)))
}

/** Writes `person`'s profile (name and colour, `seq`) through `writer`. */
export function writeProfile(writer: RoomWriter, person: TestPerson, seq = 1, name = person.name) {
  return appendProfile(writer, { seq, name, color: person.color, avatar: null, status: null })
}

export function docWithClient(clientID: number): Y.Doc {
  const doc = new Y.Doc()
  doc.clientID = clientID
  return doc
}

/** A fold of `doc` that verifies every signature with WebCrypto. */
export function foldOf(doc: Y.Doc, options: Partial<FoldOptions> = {}): RoomFold {
  return createFold(doc, { room: ROOM, verify, ...options })
}

/** `fold` once every signature is checked. */
export async function verified(fold: RoomFold): Promise<RoomFold> {
  await fold.whenVerified()
  return fold
}

/** A full fold of a copy of `doc` with every signature checked: what an incremental fold must equal. */
export async function fullFold(doc: Y.Doc): Promise<RoomFold> {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return verified(foldOf(copy))
}

/** Sends each doc what the other is missing, as two peers would after reconnecting. */
export function syncDocs(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

/** The comparable content of a fold (the version counter differs by design). */
export function viewOf(state: { getSnapshot: FoldState['getSnapshot'] }) {
  const { timeline, title, topic, members, people, messageCount, lastMessage, verification } =
    state.getSnapshot()
  const sorted = <T extends { id: string }>(map: ReadonlyMap<string, T>) =>
    [...map.values()].sort((a, b) => a.id.localeCompare(b.id))
  return {
    timeline,
    title,
    topic,
    members: sorted(members),
    people: sorted(people),
    messageCount,
    lastKey: lastMessage?.key ?? null,
    verification,
  }
}

/** Deterministic PRNG (mulberry32) so a failing random test can be replayed from its seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A plain message as the fold shows it (not signed, no log behind it), for tests of views. */
export function messageItem(
  entryId: string,
  author: Author,
  extra: Partial<TimelineItem> = {},
): TimelineItem {
  return {
    key: entryId,
    logId: { client: 1, clock: 0 },
    entryId,
    author,
    ts: 0,
    kind: 'message',
    text: entryId,
    previousTexts: [],
    edited: false,
    retracted: false,
    reactions: [],
    attachments: [],
    replyTo: null,
    quote: null,
    ...extra,
  } as TimelineItem
}
