// Writes entries into a room through the relay from Node, with a real y-websocket client: a long
// history in a second instead of hundreds of sends through the UI.
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { type Author, appendMessage, createRoomId } from '../src/room'

const SYNC_TIMEOUT_MS = 15_000

export interface Seeder {
  roomId: string
  /** Appends `count` messages by `author`; returns their texts. */
  messages(author: Author, texts: string[]): void
  close(): void
}

export async function seedRoom(port: number): Promise<Seeder> {
  const roomId = createRoomId()
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, roomId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('seed client did not sync')), SYNC_TIMEOUT_MS)
    provider.once('sync', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  return {
    roomId,
    messages(author, texts) {
      const start = Date.now() - texts.length * 1000
      doc.transact(() => {
        for (const [i, text] of texts.entries()) appendMessage(doc, author, text, start + i * 1000)
      })
    },
    close() {
      provider.destroy()
      doc.destroy()
    },
  }
}
