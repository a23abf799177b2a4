// Where two people talk privately, and where a person is invited. A direct message room's id comes
// from the X25519 secret the two share (key agreement), never from their public keys alone,
// which anyone can read: only the two of them can derive it. An inbox is public by design (anyone
// may invite anyone): its id is derived from the person's key, and it takes only invitations.
import { INBOX_ROOM_PREFIX, toBase64url } from '@parley/protocol'

const DM_INFO = new TextEncoder().encode('parley/dm-room/v1')
const INBOX_LABEL = 'parley/inbox/v1\n'
/** 16 bytes: 22 base64url characters, as unguessable as a random room id. */
const ROOM_ID_BITS = 128

/** The two keys in a fixed order, so both sides derive the same thing. */
export function pair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a]
}

/**
 * The id of the direct message room of `keyA` and `keyB` (Ed25519 identity keys) from their
 * X25519 shared secret: HKDF-SHA-256(secret, salt = the two keys in order, info "parley/dm-room/v1").
 */
export async function dmRoomId(sharedSecret: Uint8Array, keyA: string, keyB: string): Promise<string> {
  const ikm = await crypto.subtle.importKey('raw', sharedSecret as BufferSource, 'HKDF', false, [
    'deriveBits',
  ])
  const salt = new TextEncoder().encode(pair(keyA, keyB).join('\n'))
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt, info: DM_INFO },
    ikm,
    ROOM_ID_BITS,
  )
  return toBase64url(new Uint8Array(bits))
}

/** `inbox-` + the first 22 base64url characters of SHA-256("parley/inbox/v1\n" + key). */
export async function inboxRoomOf(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(INBOX_LABEL + key))
  return INBOX_ROOM_PREFIX + toBase64url(new Uint8Array(digest)).slice(0, 22)
}
