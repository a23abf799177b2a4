// Proof that a presence (awareness) state is its key's. Presence is never stored, so it is not an
// entry: a client signs, with its identity key, the bytes of
// `parley/presence/v1\n<room>\n<awareness client id>\n<key>\n<at>` and publishes `{ at, sig }` in
// its awareness state beside `user.id` (its key). Others show a key as online only with a proof
// that verifies for this room and this client id and is recent: the relay lets a client id be
// held by one connection at a time, so a copied proof is only good for a client id its signer has
// left, and only until it ages out.
import { fromBase64url, type VerifyEd25519 } from './envelope.js'

export const PRESENCE_DOMAIN = 'parley/presence/v1'
/** A proof older than this does not count; clients renew theirs well before. */
export const PRESENCE_PROOF_TTL_MS = 10 * 60_000
export const PRESENCE_PROOF_RENEW_MS = 4 * 60_000
/** Clocks of two devices disagree a little; a proof from further in the future does not count. */
const CLOCK_SKEW_MS = 2 * 60_000
const KEY_CHARS = 43
const SIG_CHARS = 86
const BASE64URL = /^[A-Za-z0-9_-]+$/

export interface PresenceProof {
  /** When it was signed, ms since the epoch by the signer's clock. */
  at: number
  /** Ed25519 signature, base64url. */
  sig: string
}

const utf8 = new TextEncoder()

export function presenceSigningBytes(room: string, clientId: number, key: string, at: number): Uint8Array {
  return utf8.encode(`${PRESENCE_DOMAIN}\n${room}\n${clientId}\n${key}\n${at}`)
}

/** The proof `value` is, or null: exactly a safe-integer `at` and a signature-shaped `sig`. */
export function parsePresenceProof(value: unknown): PresenceProof | null {
  if (typeof value !== 'object' || value === null) return null
  const { at, sig } = value as Record<string, unknown>
  if (typeof at !== 'number' || !Number.isSafeInteger(at)) return null
  if (typeof sig !== 'string' || sig.length !== SIG_CHARS || !BASE64URL.test(sig)) return null
  return { at, sig }
}

/** Whether a proof signed at `at` still counts at `now`. */
export function presenceProofFresh(proof: PresenceProof, now: number): boolean {
  return proof.at > now - PRESENCE_PROOF_TTL_MS && proof.at < now + CLOCK_SKEW_MS
}

/** Whether `proof` is `key`'s signature for this room and client id (freshness is checked apart). */
export function verifyPresenceProof(
  room: string,
  clientId: number,
  key: string,
  proof: PresenceProof,
  verify: VerifyEd25519,
): boolean | Promise<boolean> {
  if (key.length !== KEY_CHARS || !BASE64URL.test(key)) return false
  const publicKey = fromBase64url(key)
  const signature = fromBase64url(proof.sig)
  if (publicKey.length !== 32 || signature.length !== 64) return false
  return verify(publicKey, presenceSigningBytes(room, clientId, key, proof.at), signature)
}
