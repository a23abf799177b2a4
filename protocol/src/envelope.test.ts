import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  type Envelope,
  entryIdOf,
  envelopeOf,
  fromBase64url,
  parseEnvelope,
  signingBytes,
  toBase64url,
  verifyEnvelope,
} from './envelope.js'
import { newNodeKey, nodeVerify } from './testing/nodeEd25519.js'

/** A node:crypto Ed25519 key, as the relay and the tests use it. */
function newSigner() {
  const { key, sign } = newNodeKey()
  return {
    key,
    seal(room: string, body: unknown): Envelope {
      const text = JSON.stringify(body)
      return envelopeOf(key, text, sign(signingBytes(room, key, text)))
    },
  }
}

const verify = nodeVerify

describe('signed envelopes', () => {
  const alice = newSigner()
  const mallory = newSigner()

  it('signs the body as the exact text it carries, with the room and the key', () => {
    const envelope = alice.seal('room-1', { v: 2, type: 'message', text: 'pay 5 EUR' })
    expect(parseEnvelope(envelope)).toEqual(envelope)
    expect(verifyEnvelope('room-1', envelope, verify)).toBe(true)
    expect(new TextDecoder().decode(signingBytes('room-1', alice.key, envelope.body))).toBe(
      `parley/entry/v1\nroom-1\n${alice.key}\n{"v":2,"type":"message","text":"pay 5 EUR"}`,
    )
  })

  it('fails for a tampered field, a replay into another room and a wrong key', () => {
    const envelope = alice.seal('room-1', { v: 2, type: 'message', text: 'pay 5 EUR' })
    const tampered = { ...envelope, body: envelope.body.replace('5 EUR', '5000 EUR') }
    expect(verifyEnvelope('room-1', tampered, verify)).toBe(false)
    expect(verifyEnvelope('room-2', envelope, verify)).toBe(false)
    expect(verifyEnvelope('room-1', { ...envelope, key: mallory.key }, verify)).toBe(false)
    // Same meaning, other bytes: a re-serialisation with spaces is not what was signed.
    const respaced = { ...envelope, body: JSON.stringify(JSON.parse(envelope.body), null, 1) }
    expect(verifyEnvelope('room-1', respaced, verify)).toBe(false)
  })

  it('binds the entry id to the signature, so a copied id needs the copied signature', () => {
    const original = alice.seal('room-1', { v: 2, type: 'message', text: 'hi' })
    const forged = mallory.seal('room-1', { v: 2, type: 'message', text: 'hi' })
    expect(entryIdOf(original)).toHaveLength(22)
    expect(entryIdOf(forged)).not.toBe(entryIdOf(original))
    expect(verifyEnvelope('room-1', { ...forged, sig: original.sig }, verify)).toBe(false)
  })

  it('says why a value is not an envelope', () => {
    const envelope = alice.seal('r', { v: 2 })
    expect(parseEnvelope('hello')).toBe('entry is not a signed envelope')
    expect(parseEnvelope({ ...envelope, extra: 1 })).toBe('entry is not a signed envelope')
    expect(parseEnvelope({ ...envelope, key: 'short' })).toBe('entry has no valid key')
    expect(parseEnvelope({ ...envelope, sig: `${envelope.sig.slice(1)}+` })).toBe(
      'entry has no valid signature',
    )
    expect(parseEnvelope({ ...envelope, body: '"text"' })).toBe('entry has no valid body')
  })

  it('round-trips base64url', () => {
    const bytes = crypto.randomBytes(64)
    expect(fromBase64url(toBase64url(bytes))).toEqual(new Uint8Array(bytes))
  })
})

describe('the worked example in relay/PROTOCOL.md', () => {
  it('verifies as documented', () => {
    const example = {
      key: 'iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w',
      body: '{"v":2,"type":"message","ts":1795800000000,"text":"hello"}',
      sig: 'g4yOq5kAExwZ06ryzWSMW1hWJ9xM0PTu7SUfXYdHUuJf8UC8Vm0lOrEbcx9S424XJ8z7bHESARNUSk2ZR-4bCw',
    }
    expect(parseEnvelope(example)).toEqual(example)
    expect(verifyEnvelope('demo', example, verify)).toBe(true)
    expect(entryIdOf(example)).toBe('g4yOq5kAExwZ06ryzWSMW1')
    // The private key of the example is the 32 bytes 0x01 … 0x01 (an RFC 8032 seed).
    const seed = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 1)])
    const privateKey = crypto.createPrivateKey({ key: seed, format: 'der', type: 'pkcs8' })
    const signature = crypto.sign(null, signingBytes('demo', example.key, example.body), privateKey)
    expect(toBase64url(signature)).toBe(example.sig)
  })
})
