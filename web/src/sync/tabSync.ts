// Keeps tabs of one room in step through a BroadcastChannel, even with the relay down.
//
// Why not y-websocket's own BroadcastChannel sync: on every open it encodes the whole doc as a
// syncStep2 and posts it to the channel (17 MiB for a 100k-entry room), on the main thread, before
// the history can be shown. Here tabs exchange state vectors instead and send only the difference:
// a tab that opens sends `hello` (its syncStep1); every tab answers with a syncStep2 of what the
// newcomer lacks and with its own syncStep1, which the newcomer answers with what it has extra.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type * as Y from 'yjs'

const MESSAGE_HELLO = 0
const MESSAGE_SYNC = 1

export interface TabSync {
  close(): void
}

/**
 * Updates received from other tabs are applied with `origin`, so pass the WebsocketProvider: as
 * with y-websocket's own channel, each tab then sends its own writes to the relay, once.
 */
export function openTabSync(doc: Y.Doc, channelName: string, origin: unknown): TabSync {
  if (typeof BroadcastChannel === 'undefined') return { close() {} }
  const channel = new BroadcastChannel(channelName)
  const post = (type: number, write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, type)
    write(encoder)
    channel.postMessage(encoding.toUint8Array(encoder))
  }
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (!(event.data instanceof Uint8Array)) return
    const decoder = decoding.createDecoder(event.data)
    const type = decoding.readVarUint(decoder)
    if (type !== MESSAGE_HELLO && type !== MESSAGE_SYNC) return
    const reply = encoding.createEncoder()
    syncProtocol.readSyncMessage(decoder, reply, doc, origin)
    if (encoding.length(reply) > 0)
      post(MESSAGE_SYNC, (encoder) => encoding.writeUint8Array(encoder, encoding.toUint8Array(reply)))
    if (type === MESSAGE_HELLO) post(MESSAGE_SYNC, (encoder) => syncProtocol.writeSyncStep1(encoder, doc))
  }
  const onUpdate = (update: Uint8Array, updateOrigin: unknown) => {
    if (updateOrigin !== origin) post(MESSAGE_SYNC, (encoder) => syncProtocol.writeUpdate(encoder, update))
  }
  doc.on('update', onUpdate)
  post(MESSAGE_HELLO, (encoder) => syncProtocol.writeSyncStep1(encoder, doc))
  return {
    close() {
      doc.off('update', onUpdate)
      channel.close()
    },
  }
}
