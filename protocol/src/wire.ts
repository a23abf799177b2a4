// Message types and close codes of the relay's wire protocol; the spec is relay/PROTOCOL.md.
// Pure encode/decode: nothing here touches a socket. The relay and the app both import it.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { MESSAGE_SIGNAL, MESSAGE_SIGNAL_SUBSCRIBE, readSignal, type Signal } from './signal.js'

export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
export const MESSAGE_AUTH = 2
export const MESSAGE_QUERY_AWARENESS = 3
/** Client asks for `durable` acknowledgements on this connection. Stock clients never send it. */
export const MESSAGE_DURABLE_SUBSCRIBE = 100
/** Relay tells a subscribed client the state vector of what is on disk. */
export const MESSAGE_DURABLE = 101
/** Client asks to be told which of its updates the relay refused. Stock clients never send it. */
export const MESSAGE_REFUSALS_SUBSCRIBE = 102
/** Relay tells a subscribed client that an update of its was refused, why, and which items. */
export const MESSAGE_REFUSED = 103

export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2

export const CLOSE_GOING_AWAY = 1001
export const CLOSE_BAD_REQUEST = 4400
/** A relay closed to strangers and no valid access token (final: the same token fails again). */
export const CLOSE_UNAUTHORIZED = 4401
export const CLOSE_FORBIDDEN_UPDATE = 4403
export const CLOSE_TOO_LARGE = 4413
/** Updates whose dependencies never arrived (HTTP's 424 Failed Dependency). */
export const CLOSE_MISSING_DEPENDENCY = 4424
export const CLOSE_UNAVAILABLE = 4503
export const CLOSE_TOO_SLOW = 4508
export const CLOSE_RATE_LIMITED = 4529

/** A reason to refuse a frame or close a connection, with the code that goes with it. */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason)
  }
}

/** Room names: also the last path segment of a room's link in the app. */
export const ROOM_NAME = /^[A-Za-z0-9_-]{1,128}$/

/** The room a websocket URL path names, or a ProtocolError. */
export function roomNameFromPath(url: string): string {
  const path = url.split('?')[0] ?? ''
  const name = path.startsWith('/') ? path.slice(1) : path
  if (!ROOM_NAME.test(name)) {
    throw new ProtocolError(CLOSE_BAD_REQUEST, 'bad request: invalid room name')
  }
  return name
}

/** A message the relay received, decoded just far enough to route it. */
export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'durableSubscribe' }
  | { type: 'refusalsSubscribe' }
  | { type: 'signalSubscribe' }
  | { type: 'signal'; signal: Signal }

/** Decodes one client frame; throws ProtocolError for garbage, truncation and unknown types. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    return readClientMessage(decoding.createDecoder(frame))
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    throw new ProtocolError(CLOSE_BAD_REQUEST, 'bad request: malformed frame')
  }
}

function readClientMessage(decoder: decoding.Decoder): ClientMessage {
  const messageType = decoding.readVarUint(decoder)
  switch (messageType) {
    case MESSAGE_SYNC:
      return readSyncMessage(decoder)
    case MESSAGE_AWARENESS:
      return { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
    case MESSAGE_QUERY_AWARENESS:
      return { type: 'queryAwareness' }
    case MESSAGE_DURABLE_SUBSCRIBE:
      return { type: 'durableSubscribe' }
    case MESSAGE_REFUSALS_SUBSCRIBE:
      return { type: 'refusalsSubscribe' }
    case MESSAGE_SIGNAL_SUBSCRIBE:
      return { type: 'signalSubscribe' }
    case MESSAGE_SIGNAL:
      return { type: 'signal', signal: readSignal(decoder) }
    default:
      throw new ProtocolError(CLOSE_BAD_REQUEST, `bad request: unknown message type ${messageType}`)
  }
}

function readSyncMessage(decoder: decoding.Decoder): ClientMessage {
  const syncType = decoding.readVarUint(decoder)
  switch (syncType) {
    case SYNC_STEP1: {
      const stateVector = decoding.readVarUint8Array(decoder)
      Y.decodeStateVector(stateVector) // validates it before anyone relies on it
      return { type: 'syncStep1', stateVector }
    }
    case SYNC_STEP2:
    case SYNC_UPDATE:
      return { type: 'update', update: decoding.readVarUint8Array(decoder) }
    default:
      throw new ProtocolError(CLOSE_BAD_REQUEST, `bad request: unknown sync message type ${syncType}`)
  }
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSync(SYNC_STEP1, stateVector)
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(SYNC_STEP2, update)
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SYNC_UPDATE, update)
}

function encodeSync(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_SYNC)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

export function encodeAwarenessStates(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
}

/** One client's entry in an awareness update: its id, its clock and its state as JSON text. */
export interface AwarenessEntry {
  clientId: number
  clock: number
  /** The state's JSON; "null" removes the client. */
  json: string
}

/**
 * The entries of a y-protocols awareness update, without parsing any state: the relay checks
 * who may set which client id, and how large a state may be, before anything is applied.
 */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    const entries: AwarenessEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      entries.push({ clientId, clock, json: decoding.readVarString(decoder) })
    }
    return entries
  } catch {
    throw new ProtocolError(CLOSE_BAD_REQUEST, 'bad request: malformed awareness update')
  }
}

/** The inverse of decodeAwarenessUpdate: a y-protocols awareness update holding `entries`. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.json)
  }
  return encoding.toUint8Array(encoder)
}

export function encodeDurable(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_DURABLE)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}

export function encodeDurableSubscribe(): Uint8Array {
  return encodeBare(MESSAGE_DURABLE_SUBSCRIBE)
}

export function encodeRefusalsSubscribe(): Uint8Array {
  return encodeBare(MESSAGE_REFUSALS_SUBSCRIBE)
}

function encodeBare(messageType: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageType)
  return encoding.toUint8Array(encoder)
}

/** Reads a relay → client `durable` frame; returns null for any other frame. */
export function decodeDurable(frame: Uint8Array): Map<number, number> | null {
  const decoder = decoding.createDecoder(frame)
  if (decoding.readVarUint(decoder) !== MESSAGE_DURABLE) return null
  return Y.decodeStateVector(decoding.readVarUint8Array(decoder))
}
