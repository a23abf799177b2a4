// Light clients that write signed entries (every entry a room accepts is a signed envelope), for
// the cluster bench: member i is on relay i % relays and in room i / clientsPerRoom. Each entry
// carries its send time, read back once per message for the fan-out latency.
import crypto from 'node:crypto'
import { envelopeOf, parseEnvelope, SYNC_UPDATE, signingBytes } from '@parley/protocol'
import * as Y from 'yjs'
import { firstStructId, type LightClient, openLightClient } from './lightClient.js'
import type { RelayProcess } from './processes.js'
import { nowMs } from './stats.js'

const CLIENT_ID_BASE = 1_000
const OPEN_CONCURRENCY = 50
const TEXT = 'the quick brown fox jumps over the lazy dog, again and again'

export interface SignedWriter {
  readonly client: number
  readonly doc: Y.Doc
  /** Appends one signed entry stamped with the send time; returns its update. */
  append(): Uint8Array
}

export function createSignedWriter(room: string, client: number): SignedWriter {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519')
  const key = publicKey.export({ format: 'jwk' }).x as string
  const doc = new Y.Doc()
  doc.clientID = client
  const messages = doc.getArray('messages')
  let last: Uint8Array | null = null
  doc.on('update', (update: Uint8Array) => {
    last = update
  })
  return {
    client,
    doc,
    append() {
      const body = JSON.stringify({ v: 2, type: 'message', text: TEXT, ts: nowMs() })
      messages.insert(messages.length, [
        envelopeOf(key, body, crypto.sign(null, signingBytes(room, key, body), privateKey)),
      ])
      const update = last
      last = null
      if (update === null) throw new Error('append produced no update')
      return update
    },
  }
}

/** The send time in an update's first entry (one decode; done once per message). */
export function sentAtOf(update: Uint8Array): number {
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item)) continue
    const envelope = parseEnvelope(struct.content.getContent()[0])
    if (typeof envelope !== 'string') return (JSON.parse(envelope.body) as { ts: number }).ts
  }
  return Number.NaN
}

export interface Layout {
  rooms: number
  clientsPerRoom: number
}

export interface SignedMember {
  index: number
  writer: SignedWriter
  client: LightClient
}

/** Called for each update another member wrote that reached `receiver`. */
export type OnDelivery = (sender: number, clock: number, update: Uint8Array) => void

export async function openSignedMembers(
  relays: readonly RelayProcess[],
  roomPrefix: string,
  layout: Layout,
  onDelivery: OnDelivery,
): Promise<SignedMember[]> {
  const total = layout.rooms * layout.clientsPerRoom
  const members: SignedMember[] = []
  for (let start = 0; start < total; start += OPEN_CONCURRENCY) {
    const batch: Promise<SignedMember>[] = []
    for (let index = start; index < Math.min(total, start + OPEN_CONCURRENCY); index++) {
      const relay = relays[index % relays.length] as RelayProcess
      const room = `${roomPrefix}-${Math.floor(index / layout.clientsPerRoom)}`
      batch.push(openMember(relay, room, index, onDelivery))
    }
    members.push(...(await Promise.all(batch)))
  }
  return members
}

async function openMember(
  relay: RelayProcess,
  room: string,
  index: number,
  onDelivery: OnDelivery,
): Promise<SignedMember> {
  const writer = createSignedWriter(room, CLIENT_ID_BASE + index)
  const client = await openLightClient(relay.url(room), {
    doc: writer.doc,
    onUpdate: (update, syncType) => {
      if (syncType !== SYNC_UPDATE) return
      const id = firstStructId(update)
      if (id === null || id.client === writer.client) return
      onDelivery(id.client - CLIENT_ID_BASE, id.clock, update)
    },
  })
  return { index, writer, client }
}

/** A room's worth of signed entries by interleaved authors, cut into updates (as join.ts's Seed). */
export function buildSignedSeed(room: string, entries: number, chunkEntries: number, authors = 20) {
  const doc = new Y.Doc()
  const messages = doc.getArray('messages')
  const signers = Array.from({ length: authors }, () => {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519')
    return { key: publicKey.export({ format: 'jwk' }).x as string, privateKey }
  })
  const chunks: Uint8Array[] = []
  let before = Y.encodeStateVector(doc)
  for (let start = 0; start < entries; start += chunkEntries) {
    doc.transact(() => {
      for (let i = start; i < Math.min(entries, start + chunkEntries); i++) {
        const author = i % authors
        const { key, privateKey } = signers[author] as (typeof signers)[number]
        doc.clientID = 1 + author
        const body = JSON.stringify({ v: 2, type: 'message', text: `${TEXT} #${i}`, ts: 0 })
        messages.insert(messages.length, [
          envelopeOf(key, body, crypto.sign(null, signingBytes(room, key, body), privateKey)),
        ])
      }
    })
    chunks.push(Y.encodeStateAsUpdate(doc, before))
    before = Y.encodeStateVector(doc)
  }
  const bytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0)
  return { entries, chunks, bytes, stateVector: before, state: Y.decodeStateVector(before) }
}
