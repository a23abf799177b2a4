// The one thing the room model needs of a person's identity: their public key and a way to sign.
// WebCrypto's Ed25519 is asynchronous, so signing is too; the room writer queues around it.
import { toBase64url } from '@parley/protocol'

const ED25519 = { name: 'Ed25519' } as const

export interface Signer {
  /** The person's Ed25519 public key, raw 32 bytes as base64url: their id in every room. */
  readonly key: string
  /** The Ed25519 signature of `bytes` (64 bytes). */
  sign(bytes: Uint8Array): Promise<Uint8Array>
}

/** A signer for a WebCrypto key pair whose public half is `key`. */
export function createSigner(privateKey: CryptoKey, key: string): Signer {
  return {
    key,
    async sign(bytes) {
      return new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, bytes as BufferSource))
    },
  }
}

/** The base64url of a public key's raw bytes: what every entry carries as `key`. */
export async function publicKeyString(publicKey: CryptoKey): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.exportKey('raw', publicKey)))
}
