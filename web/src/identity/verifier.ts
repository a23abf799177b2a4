// Ed25519 verification with WebCrypto, for the fold: every entry of every room is checked with
// it. Importing a public key costs about as much as a verification, so imported keys are kept per
// key string (a room has few writers; the cache is bounded all the same).
import { toBase64url, type VerifyEd25519 } from '@parley/protocol'

const ED25519 = { name: 'Ed25519' } as const
/** Keys kept imported; a room rarely has more writers than this. */
const MAX_CACHED_KEYS = 1000

export function createEd25519Verifier(): VerifyEd25519 {
  const keys = new Map<string, Promise<CryptoKey>>()
  const keyFor = (publicKey: Uint8Array): Promise<CryptoKey> => {
    const name = toBase64url(publicKey)
    let key = keys.get(name)
    if (key === undefined) {
      if (keys.size >= MAX_CACHED_KEYS) keys.clear()
      key = crypto.subtle.importKey('raw', publicKey as BufferSource, ED25519, false, ['verify'])
      keys.set(name, key)
    }
    return key
  }
  return async (publicKey, message, signature) => {
    try {
      return await crypto.subtle.verify(
        ED25519,
        await keyFor(publicKey),
        signature as BufferSource,
        message as BufferSource,
      )
    } catch {
      // A key that is not a point on the curve fails to import: the entry simply does not verify.
      keys.delete(toBase64url(publicKey))
      return false
    }
  }
}
