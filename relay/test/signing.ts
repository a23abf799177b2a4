// A person's Ed25519 identity for tests and tools in Node: signs entries into the envelope every
// room entry must be (@parley/protocol envelope.ts), with node:crypto.
import crypto from 'node:crypto'
import { type Envelope, envelopeOf, parseEnvelope, signingBytes } from '@parley/protocol'

export interface TestSigner {
  /** The public key, base64url: the person's id. */
  readonly key: string
  /** The envelope of `body` (any JSON object) signed for `room`. */
  seal(room: string, body: Record<string, unknown>): Envelope
}

export function createTestSigner(): TestSigner {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519')
  const key = publicKey.export({ format: 'jwk' }).x as string
  return {
    key,
    seal(room, body) {
      const text = JSON.stringify(body)
      return envelopeOf(key, text, crypto.sign(null, signingBytes(room, key, text), privateKey))
    },
  }
}

/** What tests compare: an envelope's body as a value (its `value` field when it has one). */
export function bodyOf(entry: unknown): unknown {
  const envelope = parseEnvelope(entry)
  if (typeof envelope === 'string') return entry
  const body = JSON.parse(envelope.body) as Record<string, unknown>
  return 'value' in body ? body.value : body
}
