// A light client: one raw `ws` socket speaking the y-websocket sync protocol, so a single harness
// process can hold hundreds of connections. It answers the relay's syncStep1 from an optional doc,
// hands every received update and awareness update to callbacks, and never decodes more than the
// caller asks for.

import {
  decodeDurable,
  encodeAwareness,
  encodeDurableSubscribe,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  MESSAGE_AWARENESS,
  MESSAGE_DURABLE,
  MESSAGE_SYNC,
  SYNC_STEP1,
} from '@parley/protocol'
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { withTimeout } from './stats.js'

const OPEN_TIMEOUT_MS = 10_000
const CLOSE_TIMEOUT_MS = 5_000
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())

export interface LightClientOptions {
  /** Answers the relay's syncStep1; without it the client claims to have nothing. */
  doc?: Y.Doc
  /** Every update the relay sends (syncStep2 or update), as the raw update bytes. */
  onUpdate?(update: Uint8Array, syncType: number): void
  onDurable?(stateVector: Map<number, number>): void
  /** Every awareness frame (message type 1), as the raw y-protocols awareness update. */
  onAwareness?(update: Uint8Array): void
}

export interface LightClient {
  /** performance.now() when the socket opened. */
  readonly openedAt: number
  readonly bytesReceived: number
  /** Close code from the relay, or null while open. */
  readonly closeCode: number | null
  readonly closeReason: string
  /** Resolves when the socket has closed, for whatever reason. */
  readonly closed: Promise<void>
  /** Bytes handed to the socket and not yet written to the kernel: how far a pipelined writer is ahead. */
  readonly bufferedAmount: number
  sendUpdate(update: Uint8Array): void
  /** Sends a y-protocols awareness update (message type 1). */
  sendAwareness(update: Uint8Array): void
  sendSyncStep1(stateVector: Uint8Array): void
  subscribeDurable(): void
  close(): Promise<void>
  /** Drops the socket without a close handshake. */
  terminate(): void
}

export async function openLightClient(url: string, options: LightClientOptions = {}): Promise<LightClient> {
  const ws = new WebSocket(url, { perMessageDeflate: false })
  let bytesReceived = 0
  let closeCode: number | null = null
  let closeReason = ''
  const closed = new Promise<void>((resolve) => {
    ws.on('close', (code, reason) => {
      closeCode = code
      closeReason = reason.toString()
      resolve()
    })
  })
  ws.on('error', () => {}) // surfaced as a close code or an open timeout
  ws.on('message', (data: Buffer) => {
    bytesReceived += data.byteLength
    handleFrame(ws, data, options)
  })
  let openedAt = 0
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      openedAt = performance.now()
      resolve()
    })
    void closed.then(() => reject(new Error(`connection to ${url} closed: ${closeCode} ${closeReason}`)))
  })
  await withTimeout(`open ${url}`, opened, OPEN_TIMEOUT_MS).catch((error: unknown) => {
    ws.terminate()
    throw error
  })
  const send = (frame: Uint8Array) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(frame)
  }
  return {
    get openedAt() {
      return openedAt
    },
    get bytesReceived() {
      return bytesReceived
    },
    get closeCode() {
      return closeCode
    },
    get closeReason() {
      return closeReason
    },
    closed,
    get bufferedAmount() {
      return ws.bufferedAmount
    },
    sendUpdate: (update) => send(encodeUpdate(update)),
    sendAwareness: (update) => send(encodeAwareness(update)),
    sendSyncStep1: (stateVector) => send(encodeSyncStep1(stateVector)),
    subscribeDurable: () => send(encodeDurableSubscribe()),
    async close() {
      if (closeCode === null) ws.close()
      await withTimeout('socket close', closed, CLOSE_TIMEOUT_MS).catch(() => ws.terminate())
    },
    terminate: () => ws.terminate(),
  }
}

function handleFrame(ws: WebSocket, frame: Buffer, options: LightClientOptions): void {
  const decoder = decoding.createDecoder(frame)
  const messageType = decoding.readVarUint(decoder)
  if (messageType === MESSAGE_DURABLE) {
    const stateVector = decodeDurable(frame)
    if (stateVector !== null) options.onDurable?.(stateVector)
    return
  }
  if (messageType === MESSAGE_AWARENESS) {
    options.onAwareness?.(decoding.readVarUint8Array(decoder))
    return
  }
  if (messageType !== MESSAGE_SYNC) return
  const syncType = decoding.readVarUint(decoder)
  const payload = decoding.readVarUint8Array(decoder)
  if (syncType === SYNC_STEP1) {
    const answer = options.doc === undefined ? EMPTY_UPDATE : Y.encodeStateAsUpdate(options.doc, payload)
    ws.send(encodeSyncStep2(answer))
    return
  }
  options.onUpdate?.(payload, syncType)
}

/** The (client, clock) of an update's first struct, read without decoding the update. */
export function firstStructId(update: Uint8Array): { client: number; clock: number } | null {
  const decoder = decoding.createDecoder(update)
  if (decoding.readVarUint(decoder) === 0) return null
  decoding.readVarUint(decoder) // number of structs of the first client
  const client = decoding.readVarUint(decoder)
  return { client, clock: decoding.readVarUint(decoder) }
}
