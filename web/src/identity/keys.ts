// A person's Ed25519 key pair: made here, kept in IndexedDB as CryptoKeys (structured-cloneable),
// and exported only to move the identity to another device (encrypted, see sealed.ts). The
// private key is extractable for that reason alone.
import { fromBase64url } from '@parley/protocol'
import { publicKeyString } from './signer'

const ED25519 = { name: 'Ed25519' } as const
const KEY_CHARS = 43
const BASE64URL = /^[A-Za-z0-9_-]+$/

export interface IdentityKeys {
  keyPair: CryptoKeyPair
  /** The public key as base64url: the person's id. */
  key: string
}

/** What moves to another device: the public key and the private key's 32-byte seed (JWK `d`). */
export interface IdentitySecret {
  key: string
  seed: string
}

export async function generateIdentityKeys(): Promise<IdentityKeys> {
  const keyPair = (await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair
  return { keyPair, key: await publicKeyString(keyPair.publicKey) }
}

export async function exportSecret(keyPair: CryptoKeyPair): Promise<IdentitySecret> {
  const jwk = await crypto.subtle.exportKey('jwk', keyPair.privateKey)
  if (typeof jwk.x !== 'string' || typeof jwk.d !== 'string') throw new Error('not an Ed25519 key')
  return { key: jwk.x, seed: jwk.d }
}

export function isIdentitySecret(value: unknown): value is IdentitySecret {
  if (typeof value !== 'object' || value === null) return false
  const { key, seed } = value as Record<string, unknown>
  return (
    typeof key === 'string' &&
    key.length === KEY_CHARS &&
    BASE64URL.test(key) &&
    typeof seed === 'string' &&
    seed.length === KEY_CHARS &&
    BASE64URL.test(seed)
  )
}

/**
 * The key pair of `secret`. Throws when the seed does not belong to the public key: not every
 * WebCrypto checks that a JWK's halves match at import, so a probe is signed and verified.
 */
export async function importSecret(secret: IdentitySecret): Promise<IdentityKeys> {
  const jwk: JsonWebKey = { kty: 'OKP', crv: 'Ed25519', x: secret.key, d: secret.seed, ext: true }
  try {
    const privateKey = await crypto.subtle.importKey('jwk', jwk, ED25519, true, ['sign'])
    const publicKey = await crypto.subtle.importKey(
      'raw',
      fromBase64url(secret.key) as BufferSource,
      ED25519,
      true,
      ['verify'],
    )
    const probe = crypto.getRandomValues(new Uint8Array(32))
    const signature = await crypto.subtle.sign(ED25519, privateKey, probe)
    if (await crypto.subtle.verify(ED25519, publicKey, signature, probe)) {
      return { keyPair: { privateKey, publicKey }, key: secret.key }
    }
  } catch {
    // Some engines refuse mismatched halves at import; the others fail the probe below.
  }
  throw new Error('the private key does not match the public key')
}
