// Signalling: short-lived messages from one peer of a room to another (WebRTC offers, answers and
// ICE candidates), addressed by awareness client id. The relay forwards each to the one connection
// that holds the addressee's client id and never stores it. Spec: relay/PROTOCOL.md, types 104–106.
// Pure encode/decode, like wire.ts.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** Client asks to receive signals on this connection. Stock clients never send it, so never get 105. */
export const MESSAGE_SIGNAL_SUBSCRIBE = 104
/** A signal: client → relay to send one, relay → client to deliver one. */
export const MESSAGE_SIGNAL = 105
/** Relay tells the sender that a signal of its was not delivered, and why. */
export const MESSAGE_SIGNAL_UNDELIVERED = 106

/** A signal's payload in UTF-8 bytes: an SDP offer with every codec is 5–10 KB. */
export const MAX_SIGNAL_BYTES = 16 * 1024

/**
 * Most people in one call: a call is a mesh, so each person sends their media to every other and
 * beyond 4 uplinks run out. A relay may lower it for its app (`--max-call-size`), never raise it.
 */
export const MAX_CALL_SIZE = 4

/** Nobody in the room holds the addressee's client id, or its holder does not take signals. */
export const SIGNAL_NOT_FOUND = 4404

export interface Signal {
  /** The sender's awareness client id; the relay checks that the sending connection holds it. */
  from: number
  /** The addressee's awareness client id. */
  to: number
  /** Opaque to the relay (the app sends JSON). */
  payload: string
}

export interface SignalUndelivered {
  to: number
  /** SIGNAL_NOT_FOUND, or a close code's number for the same kind of reason (4403, 4413, 4529). */
  code: number
  /** One line, for people. */
  reason: string
}

export function encodeSignalSubscribe(): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_SIGNAL_SUBSCRIBE)
  return encoding.toUint8Array(encoder)
}

export function encodeSignal(signal: Signal): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_SIGNAL)
  encoding.writeVarUint(encoder, signal.from)
  encoding.writeVarUint(encoder, signal.to)
  encoding.writeVarString(encoder, signal.payload)
  return encoding.toUint8Array(encoder)
}

/** Reads a signal's fields after its message type. */
export function readSignal(decoder: decoding.Decoder): Signal {
  const from = decoding.readVarUint(decoder)
  const to = decoding.readVarUint(decoder)
  return { from, to, payload: decoding.readVarString(decoder) }
}

export function encodeSignalUndelivered(undelivered: SignalUndelivered): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_SIGNAL_UNDELIVERED)
  encoding.writeVarUint(encoder, undelivered.to)
  encoding.writeVarUint(encoder, undelivered.code)
  encoding.writeVarString(encoder, undelivered.reason)
  return encoding.toUint8Array(encoder)
}

/** Reads an undelivered notice's fields after its message type. */
export function readSignalUndelivered(decoder: decoding.Decoder): SignalUndelivered {
  const to = decoding.readVarUint(decoder)
  const code = decoding.readVarUint(decoder)
  return { to, code, reason: decoding.readVarString(decoder) }
}

/** The message type of a relay → client frame and a decoder positioned after it. */
export function openFrame(frame: Uint8Array): { type: number; decoder: decoding.Decoder } {
  const decoder = decoding.createDecoder(frame)
  return { type: decoding.readVarUint(decoder), decoder }
}
