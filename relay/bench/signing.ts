// Every entry the relay accepts is a signed envelope (relay/PROTOCOL.md, "Signed entries"), so the
// bench signs what it writes, with node:crypto, as a person's client would. The envelope covers
// the room's name: an entry is signed for one room and is refused in any other.
import crypto from 'node:crypto'
import { type Envelope, envelopeOf, signingBytes } from '@parley/protocol'

export interface Signer {
  /** The public key, base64url. A Yjs client id belongs to the first key that writes under it. */
  readonly key: string
  /** The envelope of `body` (JSON text of an object) for `room`. */
  seal(room: string, body: string): Envelope
}

export function createSigner(): Signer {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519')
  const key = publicKey.export({ format: 'jwk' }).x
  if (typeof key !== 'string') throw new Error('ed25519 key without x')
  return {
    key,
    seal: (room, body) => envelopeOf(key, body, crypto.sign(null, signingBytes(room, key, body), privateKey)),
  }
}
