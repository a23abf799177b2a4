// One look at the relay's copy of a room, for the service worker: a websocket that sends this
// doc's syncStep1 and applies the relay's syncStep2 (everything the doc lacks), then closes. It
// sends nothing else (no presence, no updates of its own, no device id, so the relay still counts
// the device as away): a look, not a visit. Stock y-websocket framing, so the relay treats it
// like any client.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { messageYjsSyncStep2, readSyncMessage, writeSyncStep1 } from 'y-protocols/sync'
import type * as Y from 'yjs'

/** y-websocket's message type for sync messages. */
const MESSAGE_SYNC = 0
const ORIGIN = 'relayCatchUp'

export interface CatchUpOptions {
  /** `ws(s)://host[:port]` of the relay. */
  serverUrl: string
  accessToken: string | null
  timeoutMs: number
}

function roomUrl(roomId: string, { serverUrl, accessToken }: CatchUpOptions): string {
  const query = accessToken === null ? '' : `?${new URLSearchParams({ token: accessToken })}`
  return `${serverUrl}/${encodeURIComponent(roomId)}${query}`
}

/**
 * Resolves true once `doc` holds everything the relay had for `roomId` when it answered; false if
 * the relay could not be reached, refused the room, or did not answer within `timeoutMs`.
 */
export function catchUpWithRelay(doc: Y.Doc, roomId: string, options: CatchUpOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(roomUrl(roomId, options))
    socket.binaryType = 'arraybuffer'
    const finish = (synced: boolean) => {
      clearTimeout(timer)
      socket.onclose = socket.onerror = socket.onmessage = null
      socket.close()
      resolve(synced)
    }
    const timer = setTimeout(() => finish(false), options.timeoutMs)
    socket.onerror = () => finish(false)
    socket.onclose = () => finish(false)
    socket.onopen = () => {
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MESSAGE_SYNC)
      writeSyncStep1(encoder, doc)
      socket.send(encoding.toUint8Array(encoder))
    }
    socket.onmessage = (event: MessageEvent) => {
      if (!(event.data instanceof ArrayBuffer)) return
      const decoder = decoding.createDecoder(new Uint8Array(event.data))
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return // awareness, durable acks, signals
      // The relay's own syncStep1 asks for this doc's updates: the reply is dropped, not sent.
      const kind = readSyncMessage(decoder, encoding.createEncoder(), doc, ORIGIN)
      if (kind === messageYjsSyncStep2) finish(true)
    }
  })
}
