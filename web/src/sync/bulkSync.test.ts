import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { writeSyncStep2, writeUpdate } from 'y-protocols/sync'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { applyBulkSyncQuietly, BULK_UPDATE_BYTES } from './bulkSync'

function docOfBytes(bytes: number): Y.Doc {
  const doc = new Y.Doc()
  const text = 'x'.repeat(1000)
  const values = Array.from({ length: Math.ceil(bytes / 1000) }, (_, i) => ({ i, text }))
  doc.getArray('messages').push(values)
  return doc
}

/** A doc with a provider that never connects, and what reached its `update` listeners and `store`. */
function receiver() {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider('ws://127.0.0.1:9', 'room', doc, {
    connect: false,
    disableBc: true,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  })
  const events: Uint8Array[] = []
  const stored: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => events.push(update))
  applyBulkSyncQuietly(provider, (update) => stored.push(update))
  const receive = (write: (encoder: encoding.Encoder) => void) => {
    const message = encoding.createEncoder()
    write(message)
    const reply = encoding.createEncoder()
    provider.messageHandlers[0]?.(
      reply,
      decoding.createDecoder(encoding.toUint8Array(message)),
      provider,
      true,
      0,
    )
  }
  return { doc, provider, events, stored, receive }
}

describe('applyBulkSyncQuietly', () => {
  it('applies a large syncStep2 without the update event and stores the bytes as received', () => {
    const source = docOfBytes(BULK_UPDATE_BYTES * 2)
    const { doc, provider, events, stored, receive } = receiver()
    try {
      receive((encoder) => writeSyncStep2(encoder, source))
      expect(doc.getArray('messages').length).toBe(source.getArray('messages').length)
      expect(events).toEqual([])
      expect(stored).toHaveLength(1)
      const restored = new Y.Doc()
      for (const update of stored) Y.applyUpdate(restored, update)
      expect(restored.getArray('messages').toJSON()).toEqual(source.getArray('messages').toJSON())
      expect(provider.synced).toBe(true)
      // Listeners are back for what follows.
      doc.getArray('messages').push(['local'])
      expect(events).toHaveLength(1)
    } finally {
      provider.destroy()
    }
  })

  it('leaves small updates to the usual path', () => {
    const source = docOfBytes(1000)
    const { events, stored, receive, provider } = receiver()
    try {
      receive((encoder) => writeUpdate(encoder, Y.encodeStateAsUpdate(source)))
      expect(events).toHaveLength(1)
      expect(stored).toEqual([])
    } finally {
      provider.destroy()
    }
  })
})
