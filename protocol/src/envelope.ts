// The signed envelope of every log entry: what the relay checks and every client verifies.
//
// An entry in a room's `messages` array is `{ key, body, sig }`:
// - `key`: the author's Ed25519 public key, base64url (32 bytes, 43 characters);
// - `body`: the entry itself as JSON text; it is signed byte for byte as it travels, so nobody
//   ever re-serialises parsed JSON to check a signature;
// - `sig`: the Ed25519 signature, base64url (64 bytes, 86 characters), over the UTF-8 bytes of
//   `parley/entry/v1\n<room>\n<key>\n<body>`. The room is inside, so an entry replayed into
//   another room does not verify there.
// The entry's id is the start of its signature: nobody can give an entry of theirs the id of
// someone else's. Pure: the Ed25519 primitive is passed in (node:crypto in the relay, WebCrypto in
// the browser).
import { MAX_ENTRY_BYTES } from './limits.js'

export const ENVELOPE_DOMAIN = 'parley/entry/v1'
const KEY_CHARS = 43
const SIG_CHARS = 86
/** Characters of the signature that make an entry's id (132 bits). */
const ENTRY_ID_CHARS = 22
const BASE64URL = /^[A-Za-z0-9_-]+$/

export interface Envelope {
  key: string
  body: string
  sig: string
}

/** Checks an Ed25519 signature; the relay passes a synchronous one, browsers an asynchronous one. */
export type VerifyEd25519 = (
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
) => boolean | Promise<boolean>

const utf8 = new TextEncoder()

/** The exact bytes an envelope's signature covers. */
export function signingBytes(room: string, key: string, body: string): Uint8Array {
  return utf8.encode(`${ENVELOPE_DOMAIN}\n${room}\n${key}\n${body}`)
}

/**
 * The envelope `value` is, or why it is not one. Exactly three string fields of the right shape;
 * the body must be JSON text of an object. Nothing else is read.
 */
export function parseEnvelope(value: unknown): Envelope | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'entry is not a signed envelope'
  const fields = Object.keys(value)
  if (fields.length !== 3 || !('key' in value && 'body' in value && 'sig' in value)) {
    return 'entry is not a signed envelope'
  }
  const { key, body, sig } = value as Record<string, unknown>
  if (typeof key !== 'string' || key.length !== KEY_CHARS || !BASE64URL.test(key))
    return 'entry has no valid key'
  if (typeof sig !== 'string' || sig.length !== SIG_CHARS || !BASE64URL.test(sig))
    return 'entry has no valid signature'
  if (typeof body !== 'string' || body.length > MAX_ENTRY_BYTES || !body.startsWith('{')) {
    return 'entry has no valid body'
  }
  return { key, body, sig }
}

/** Whether the envelope's signature is its key's, over this room and this body. */
export function verifyEnvelope(
  room: string,
  envelope: Envelope,
  verify: VerifyEd25519,
): boolean | Promise<boolean> {
  const key = fromBase64url(envelope.key)
  const sig = fromBase64url(envelope.sig)
  if (key.length !== 32 || sig.length !== 64) return false
  return verify(key, signingBytes(room, envelope.key, envelope.body), sig)
}

/** An entry's id: bound to its signature, so to its author and its content. */
export function entryIdOf(envelope: Pick<Envelope, 'sig'>): string {
  return envelope.sig.slice(0, ENTRY_ID_CHARS)
}

export function toBase64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function fromBase64url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** The envelope for `body`, given its signature over `signingBytes(room, key, body)`. */
export function envelopeOf(key: string, body: string, signature: Uint8Array): Envelope {
  return { key, body, sig: toBase64url(signature) }
}
