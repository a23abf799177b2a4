// A large sync payload from the relay (a fresh device receiving a whole room) is applied without
// the doc's `update` event. With `update` listeners attached, Yjs re-encodes every transaction into
// an update for them: for a 100k-entry room that re-encode of 17 MiB took 2.2 s of a 6.4 s fresh
// load in a CPU profile. None of the listeners needs it: the provider and the tab sync ignore
// updates whose origin is the provider (it already has them; other tabs have their own relay
// connection), and IndexedDB can store the received bytes as they are.
import * as decoding from 'lib0/decoding'
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'
import type { WebsocketProvider } from 'y-websocket'

/** Sync payloads at least this large skip the `update` event; small ones take the usual path. */
export const BULK_UPDATE_BYTES = 256 * 1024
/** y-websocket's message type for sync messages. */
const MESSAGE_SYNC = 0

/** The update bytes of a syncStep2 or update message, without consuming `decoder`. */
export function peekSyncPayload(decoder: decoding.Decoder): Uint8Array | null {
  const peek = decoding.clone(decoder)
  const type = decoding.readVarUint(peek)
  if (type !== messageYjsSyncStep2 && type !== messageYjsUpdate) return null
  return decoding.readVarUint8Array(peek)
}

/**
 * Wraps the provider's sync handler: payloads of BULK_UPDATE_BYTES or more are applied with the
 * doc's `update` listeners detached, then handed to `store` as received.
 */
export function applyBulkSyncQuietly(provider: WebsocketProvider, store: (update: Uint8Array) => void): void {
  const handleSync = provider.messageHandlers[MESSAGE_SYNC]
  if (handleSync === undefined) return
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, target, emitSynced, messageType) => {
    const payload = peekSyncPayload(decoder)
    if (payload === null || payload.byteLength < BULK_UPDATE_BYTES) {
      handleSync(encoder, decoder, target, emitSynced, messageType)
      return
    }
    const doc = provider.doc
    const listeners = [...(doc._observers.get('update') ?? [])]
    for (const listener of listeners) doc.off('update', listener)
    try {
      handleSync(encoder, decoder, target, emitSynced, messageType)
    } finally {
      if (!doc.isDestroyed) for (const listener of listeners) doc.on('update', listener)
    }
    store(payload)
  }
}
