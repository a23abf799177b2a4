// Writes entries into a room through the relay from Node, with real y-websocket clients and real
// Ed25519 keys (WebCrypto, as in the browser): a long history in a second instead of hundreds of
// sends through the UI, and crafted clients that try to pass for someone else.
import {
  encodeDurableSubscribe,
  encodeRefusalsSubscribe,
  MESSAGE_DURABLE,
  MESSAGE_REFUSED,
  readRefused,
} from '@parley/protocol'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { generateIdentityKeys } from '../src/identity/keys'
import { createSigner } from '../src/identity/signer'
import {
  appendMessage,
  appendProfile,
  createRoomId,
  createRoomWriter,
  getLog,
  type RoomWriter,
} from '../src/room'
import { readDurable } from '../src/sync/durable'

const SYNC_TIMEOUT_MS = 15_000

/** One y-websocket client of a room, synced with the relay. */
export interface NodeClient {
  doc: Y.Doc
  provider: WebsocketProvider
  close(): void
}

export async function openNodeClient(port: number, roomId: string): Promise<NodeClient> {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, roomId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('node client did not sync')), SYNC_TIMEOUT_MS)
    provider.once('sync', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  return {
    doc,
    provider,
    close() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** A person with their own key, writing from their own client (the relay binds a client id to one key). */
export interface SeedPerson {
  key: string
  name: string
  client: NodeClient
  writer: RoomWriter
}

export interface Seeder {
  roomId: string
  /** A new person, whose profile (name, colour) is written first. */
  person(name: string, color?: string): Promise<SeedPerson>
  /** Appends one message per text by `person`, spread over the last `texts.length` seconds. */
  messages(person: SeedPerson, texts: string[]): Promise<void>
  close(): void
}

export async function seedRoom(port: number): Promise<Seeder> {
  const roomId = createRoomId()
  const people: SeedPerson[] = []
  return {
    roomId,
    async person(name, color = '#9c36b5') {
      const { keyPair, key } = await generateIdentityKeys()
      const client = await openNodeClient(port, roomId)
      const writer = createRoomWriter(client.doc, roomId, createSigner(keyPair.privateKey, key))
      await appendProfile(writer, { seq: 1, name, color, avatar: null, status: null })
      const person = { key, name, client, writer }
      people.push(person)
      return person
    },
    async messages(person, texts) {
      const start = Date.now() - texts.length * 1000
      await Promise.all(texts.map((text, i) => appendMessage(person.writer, text, start + i * 1000)))
    },
    close() {
      for (const person of people) person.client.close()
    },
  }
}

/**
 * Pushes `values` from `client` in one update and resolves with what the relay did with it: stored
 * (its durable acknowledgement covers them) or refused (a refusal, or a close for good).
 */
export function pushAndLearnFate(client: NodeClient, values: unknown[]): Promise<'stored' | 'refused'> {
  const { doc, provider } = client
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the relay neither stored nor refused it')),
      SYNC_TIMEOUT_MS,
    )
    const settle = (fate: 'stored' | 'refused') => {
      clearTimeout(timer)
      resolve(fate)
    }
    let target = Number.POSITIVE_INFINITY
    provider.messageHandlers[MESSAGE_DURABLE] = (_encoder, decoder) => {
      if ((readDurable(decoder).get(doc.clientID) ?? 0) >= target) settle('stored')
    }
    provider.messageHandlers[MESSAGE_REFUSED] = (_encoder, decoder) => {
      readRefused(decoder)
      settle('refused')
    }
    provider.on('connection-close', (event) => {
      if (event && event.code >= 4000) settle('refused')
    })
    provider.ws?.send(encodeDurableSubscribe())
    provider.ws?.send(encodeRefusalsSubscribe())
    doc.transact(() => getLog(doc).push(values))
    target = Y.getState(doc.store, doc.clientID)
  })
}
