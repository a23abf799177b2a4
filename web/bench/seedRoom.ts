// Builds a realistic room of N entries in Node and stores it on a running relay. The doc looks like
// one written by real people: several authors with their own Yjs client ids, short runs of
// consecutive messages, one transaction per run, timestamps spread over weeks (day separators).
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { type Author, ENTRY_VERSION, getLog } from '../src/room'
import { createRandom } from '../src/room/testing'
import { encodeDurableSubscribe, MESSAGE_DURABLE, readDurable } from '../src/sync/durable'

const AUTHOR_COUNT = 8
const MAX_RUN = 6
/** Average gap between messages; 100k entries then span about 70 days. */
const GAP_MS = 60_000
const STORE_TIMEOUT_MS = 120_000

/** The reader the browser plays: already a member, so opening the room never appends a join. */
export const BENCH_READER: Author = { id: 'bench-reader', name: 'Bench Reader', color: '#1971c2' }

const WORDS = 'the a relay room message sync offline history scroll latency chat yjs list browser'.split(' ')

export interface SeededRoom {
  roomId: string
  entryCount: number
  /** `data-entry-id` of the newest entry: what "newest messages visible" waits for. */
  newestEntryId: string
  updateBytes: number
}

function sentence(random: () => number): string {
  const length = 3 + Math.floor(random() * 18)
  const words: string[] = []
  for (let i = 0; i < length; i++) words.push(WORDS[Math.floor(random() * WORDS.length)] ?? 'chat')
  return words.join(' ')
}

/** A doc with `entryCount` entries: the reader's join first, then messages from several authors. */
export function buildRoomDoc(entryCount: number, seed: number): { doc: Y.Doc; newestEntryId: string } {
  const random = createRandom(seed)
  const doc = new Y.Doc()
  const log = getLog(doc)
  const peers: Array<{ author: Author; clientID: number }> = [{ author: BENCH_READER, clientID: 1_000 }]
  for (let i = 1; i < AUTHOR_COUNT; i++) {
    peers.push({
      author: { id: `bench-author-${i}`, name: `Author ${i}`, color: '#2f9e44' },
      clientID: 1_000 + i,
    })
  }
  let ts = Date.now() - entryCount * GAP_MS
  let written = 0
  let newestEntryId = 'bench-join'
  const write = (clientID: number, entries: object[]) => {
    // Switching clientID between transactions is how one doc plays several peers without syncing.
    doc.clientID = clientID
    doc.transact(() => log.push(entries))
    written += entries.length
  }
  write(1_000, [{ v: ENTRY_VERSION, id: newestEntryId, type: 'join', author: BENCH_READER, ts }])
  while (written < entryCount) {
    const peer = peers[Math.floor(random() * peers.length)] ?? { author: BENCH_READER, clientID: 1_000 }
    const run = Math.min(entryCount - written, 1 + Math.floor(random() * MAX_RUN))
    const entries = []
    for (let i = 0; i < run; i++) {
      ts += Math.floor(random() * 2 * GAP_MS)
      newestEntryId = `bench-${written + i}`
      entries.push({
        v: ENTRY_VERSION,
        id: newestEntryId,
        type: 'message',
        author: peer.author,
        ts,
        text: sentence(random),
      })
    }
    write(peer.clientID, entries)
  }
  return { doc, newestEntryId }
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

export async function seedRoom(relayUrl: string, entryCount: number, seed: number): Promise<SeededRoom> {
  const roomId = `bench-${entryCount}-${Date.now().toString(36)}`
  const { doc, newestEntryId } = buildRoomDoc(entryCount, seed)
  const updateBytes = Y.encodeStateAsUpdate(doc).byteLength
  await storeOnRelay(relayUrl, roomId, doc)
  doc.destroy()
  return { roomId, entryCount, newestEntryId, updateBytes }
}
