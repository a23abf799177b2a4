// Each identity's X25519 key pair, for key agreement (direct message rooms, invitations). It is
// derived from the identity's Ed25519 seed with HKDF, so it exists on every device the identity
// was moved to without changing what moves (identity/transfer.ts), and the two keys stay
// independent (a domain-separated KDF output, not the Ed25519 scalar itself). Its public half is
// published in the person's signed profile entries (`dh`), which binds it to their identity key.
import { fromBase64url } from '@parley/protocol'

const X25519 = { name: 'X25519' } as const
const INFO = new TextEncoder().encode('parley/x25519/v1')
/** PKCS #8 header of a raw X25519 private key (RFC 8410): the 32 key bytes follow. */
const PKCS8_X25519 = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
])
export const DH_KEY = /^[A-Za-z0-9_-]{43}$/

export interface KeyAgreement {
  /** The X25519 public key, raw 32 bytes as base64url (the profile's `dh`). */
  readonly publicKey: string
  /** The 32-byte X25519 shared secret with the holder of `theirPublicKey`. */
  sharedSecret(theirPublicKey: string): Promise<Uint8Array>
}

export async function importX25519Public(key: string): Promise<CryptoKey> {
  if (!DH_KEY.test(key)) throw new Error('not an X25519 public key')
  return crypto.subtle.importKey('raw', fromBase64url(key) as BufferSource, X25519, true, [])
}

/** X25519 of a private and a public key (throws on a low-order public key, as WebCrypto does). */
export async function x25519(privateKey: CryptoKey, publicKey: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'X25519', public: publicKey }, privateKey, 256),
  )
}

/** The key agreement of the identity whose Ed25519 private key (extractable) is `signingKey`. */
export async function deriveKeyAgreement(signingKey: CryptoKey): Promise<KeyAgreement> {
  const jwk = await crypto.subtle.exportKey('jwk', signingKey)
  if (typeof jwk.d !== 'string') throw new Error('not an Ed25519 private key')
  const seed = await crypto.subtle.importKey('raw', fromBase64url(jwk.d) as BufferSource, 'HKDF', false, [
    'deriveBits',
  ])
  const scalar = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(), info: INFO },
      seed,
      256,
    ),
  )
  const pkcs8 = new Uint8Array(PKCS8_X25519.length + scalar.length)
  pkcs8.set(PKCS8_X25519)
  pkcs8.set(scalar, PKCS8_X25519.length)
  // Extractable only to read its public half (WebCrypto has no other way to get it from a private key).
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, X25519, true, ['deriveBits'])
  const exported = await crypto.subtle.exportKey('jwk', privateKey)
  if (typeof exported.x !== 'string') throw new Error('X25519 public key unavailable')
  const publicKey = exported.x
  return {
    publicKey,
    async sharedSecret(theirPublicKey) {
      return x25519(privateKey, await importX25519Public(theirPublicKey))
    },
  }
}
