// Encrypts an identity for moving it to another device: with a one-time code (a device link) or
// a passphrase the person chooses (an identity file). AES-GCM-256 under a key from
// PBKDF2-SHA-256; the salt and IV are random per sealing and travel with the ciphertext.
//
// Layout (then base64url): version (1 byte) | iterations (4 bytes, big-endian) | salt (16) |
// iv (12) | ciphertext with its 16-byte tag. The iterations are carried so that a later version
// can raise them and still open what older ones sealed; fewer than the minimum are refused.
import { fromBase64url, toBase64url } from '@parley/protocol'

const FORMAT = 1
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000
const SALT_BYTES = 16
const IV_BYTES = 12
const HEADER_BYTES = 1 + 4 + SALT_BYTES + IV_BYTES
/** Bound on what is opened, so a crafted link cannot ask for a billion iterations. */
const MAX_ITERATIONS = 10_000_000
/** Authenticated with the ciphertext: a sealed blob of another kind does not open as this one. */
const ADDITIONAL_DATA = new TextEncoder().encode('parley/identity/v1')

export class WrongSecretError extends Error {
  override name = 'WrongSecretError'
}

async function deriveKey(secret: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  )
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}

/** `plaintext` encrypted under `secret`, as base64url (URL-fragment safe). */
export async function seal(secret: string, plaintext: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES))
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
  const key = await deriveKey(secret, salt, PBKDF2_ITERATIONS)
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: ADDITIONAL_DATA },
    key,
    new TextEncoder().encode(plaintext),
  )
  const out = new Uint8Array(HEADER_BYTES + ciphertext.byteLength)
  out[0] = FORMAT
  new DataView(out.buffer).setUint32(1, PBKDF2_ITERATIONS)
  out.set(salt, 5)
  out.set(iv, 5 + SALT_BYTES)
  out.set(new Uint8Array(ciphertext), HEADER_BYTES)
  return toBase64url(out)
}

/**
 * The plaintext `sealed` holds. Throws WrongSecretError when `secret` does not open it (a wrong
 * code or passphrase, or a damaged link: AES-GCM cannot tell these apart), and a plain Error when
 * it is not something `seal` made.
 */
export async function unseal(secret: string, sealed: string): Promise<string> {
  let bytes: Uint8Array
  try {
    bytes = fromBase64url(sealed.trim())
  } catch {
    throw new Error('This is not a Parley identity.')
  }
  if (bytes.length <= HEADER_BYTES + 16 || bytes[0] !== FORMAT)
    throw new Error('This is not a Parley identity.')
  const iterations = new DataView(bytes.buffer, bytes.byteOffset).getUint32(1)
  if (iterations < PBKDF2_ITERATIONS || iterations > MAX_ITERATIONS)
    throw new Error('This is not a Parley identity.')
  const salt = bytes.slice(5, 5 + SALT_BYTES)
  const iv = bytes.slice(5 + SALT_BYTES, HEADER_BYTES)
  const key = await deriveKey(secret, salt, iterations)
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: ADDITIONAL_DATA },
      key,
      bytes.slice(HEADER_BYTES),
    )
    return new TextDecoder().decode(plaintext)
  } catch {
    throw new WrongSecretError('wrong code or passphrase')
  }
}
