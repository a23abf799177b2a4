// Builds a realistic room of N signed entries in Node and stores it on a running relay. The doc
// looks like one written by real people: several authors, each with their own Ed25519 key and
// Yjs client id (the relay binds one to the other), their profile first, then short runs of
// consecutive messages, one transaction per run, timestamps spread over weeks (day separators).
// Keys come from the seed too, so a run is repeatable; signing uses node:crypto (the same
// Ed25519 the browser verifies with WebCrypto) because it is synchronous and fast.
import crypto from 'node:crypto'
import { entryIdOf, envelopeOf, signingBytes } from '@parley/protocol'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { getLog, type NewEntry } from '../src/room'
import { encodeBody } from '../src/room/bodies'
import { createRandom } from '../src/room/testing'
import { encodeDurableSubscribe, MESSAGE_DURABLE, readDurable } from '../src/sync/durable'

const AUTHOR_COUNT = 8
const MAX_RUN = 6
/** Average gap between messages; 100k entries then span about 70 days. */
const GAP_MS = 60_000
const STORE_TIMEOUT_MS = 120_000
/** PKCS#8 DER of an Ed25519 private key, up to its 32-byte seed. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/** A seeded author: key pair, and the secret a browser needs to import it (JWK `x` and `d`). */
export interface BenchPerson {
  name: string
  color: string
  key: string
  seed: string
  privateKey: crypto.KeyObject
}

function personFrom(random: () => number, name: string, color: string): BenchPerson {
  const seed = Buffer.from(Array.from({ length: 32 }, () => Math.floor(random() * 256)))
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  })
  const key = crypto.createPublicKey(privateKey).export({ format: 'jwk' }).x as string
  return { name, color, key, seed: seed.toString('base64url'), privateKey }
}

/** The reader the browser plays (already a member, so opening the room writes nothing). */
export function benchReader(seed: number): BenchPerson {
  return personFrom(createRandom(seed ^ 0x5eed), 'Bench Reader', '#1971c2')
}

export interface SeededRoom {
  roomId: string
  entryCount: number
  /** `data-entry-id` of the newest entry: what "newest messages visible" waits for. */
  newestEntryId: string
  updateBytes: number
  reader: BenchPerson
}

function sentence(random: () => number): string {
  const length = 3 + Math.floor(random() * 18)
  const words: string[] = []
  for (let i = 0; i < length; i++) words.push(WORDS[Math.floor(random() * WORDS.length)] ?? 'chat')
  return words.join(' ')
}

const WORDS = 'the a relay room message sync offline history scroll latency chat yjs list browser'.split(' ')

function seal(room: string, person: BenchPerson, entry: NewEntry, ts: number) {
  const body = encodeBody(entry, ts)
  return envelopeOf(
    person.key,
    body,
    crypto.sign(null, signingBytes(room, person.key, body), person.privateKey),
  )
}

/**
 * A doc of `roomId` with `entryCount` signed entries: the reader's profile and join first, each
 * author's profile before their first message, then messages from everyone.
 */
export function buildRoomDoc(roomId: string, entryCount: number, seed: number) {
  const random = createRandom(seed)
  const doc = new Y.Doc()
  const log = getLog(doc)
  const reader = benchReader(seed)
  const peers = [{ person: reader, clientID: 1_000, introduced: true }]
  for (let i = 1; i < AUTHOR_COUNT; i++) {
    peers.push({
      person: personFrom(random, `Author ${i}`, '#2f9e44'),
      clientID: 1_000 + i,
      introduced: false,
    })
  }
  let ts = Date.now() - entryCount * GAP_MS
  let written = 0
  let newestEntryId = ''
  const write = (clientID: number, entries: object[]) => {
    // Switching clientID between transactions is how one doc plays several peers without syncing.
    doc.clientID = clientID
    doc.transact(() => log.push(entries))
    written += entries.length
  }
  const profile = (person: BenchPerson) =>
    seal(roomId, person, { type: 'profile', seq: 1, name: person.name, color: person.color }, ts)
  write(1_000, [profile(reader), seal(roomId, reader, { type: 'join' }, ts)])
  while (written < entryCount) {
    const peer = peers[Math.floor(random() * peers.length)] ?? peers[0]
    if (!peer) break
    const entries = []
    if (!peer.introduced) {
      entries.push(profile(peer.person))
      peer.introduced = true
    }
    const run = Math.min(entryCount - written - entries.length, 1 + Math.floor(random() * MAX_RUN))
    for (let i = 0; i < run; i++) {
      ts += Math.floor(random() * 2 * GAP_MS)
      const envelope = seal(roomId, peer.person, { type: 'message', text: sentence(random) }, ts)
      newestEntryId = entryIdOf(envelope)
      entries.push(envelope)
    }
    write(peer.clientID, entries)
  }
  return { doc, newestEntryId, reader }
}

/** Sends `doc` to the relay as a stock y-websocket client and waits until the relay has it on disk. */
export async function storeOnRelay(relayUrl: string, roomId: string, doc: Y.Doc): Promise<void> {
  const provider = new WebsocketProvider(relayUrl, roomId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  const target = Y.decodeStateVector(Y.encodeStateVector(doc))
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`relay did not store ${roomId} in ${STORE_TIMEOUT_MS} ms`)),
        STORE_TIMEOUT_MS,
      )
      provider.messageHandlers[MESSAGE_DURABLE] = (_encoder, decoder) => {
        const durable = readDurable(decoder)
        for (const [client, clock] of target) if ((durable.get(client) ?? 0) < clock) return
        clearTimeout(timer)
        resolve()
      }
      provider.on('status', ({ status }) => {
        if (status === 'connected') provider.ws?.send(encodeDurableSubscribe())
      })
      provider.on('connection-close', (event) => {
        if (event && event.code >= 4000) {
          clearTimeout(timer)
          reject(new Error(`relay closed the seeding connection: ${event.code} ${event.reason}`))
        }
      })
    })
  } finally {
    provider.destroy()
  }
}

/** A room of `entryCount` entries; rooms seeded with the same `seed` have the same reader and authors. */
export async function seedRoom(
  relayUrl: string,
  entryCount: number,
  seed: number,
  name = 'a',
): Promise<SeededRoom> {
  const roomId = `bench-${entryCount}-${name}-${Date.now().toString(36)}`
  const { doc, newestEntryId, reader } = buildRoomDoc(roomId, entryCount, seed)
  const updateBytes = Y.encodeStateAsUpdate(doc).byteLength
  await storeOnRelay(relayUrl, roomId, doc)
  doc.destroy()
  return { roomId, entryCount, newestEntryId, updateBytes, reader }
}
