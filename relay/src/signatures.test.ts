import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createNodeEd25519Verifier, createSodiumEd25519Verifier } from './signatures.js'

function keyPair() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519')
  const jwk = publicKey.export({ format: 'jwk' })
  return { raw: new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url')), privateKey }
}

describe('Ed25519 verifiers', () => {
  // libsodium is what the relay uses on this platform; node:crypto is its fallback elsewhere.
  const verifiers = { sodium: createSodiumEd25519Verifier(), node: createNodeEd25519Verifier() }
  const alice = keyPair()
  const mallory = keyPair()
  const message = new TextEncoder().encode('parley/entry/v1\nroom\nkey\n{"type":"message"}')
  const signature = new Uint8Array(crypto.sign(null, message, alice.privateKey))
  const flipped = (bytes: Uint8Array, at: number) => bytes.map((byte, i) => (i === at ? byte ^ 1 : byte))

  for (const [name, verify] of Object.entries(verifiers)) {
    it(`${name}: accepts the signer's signature and refuses any change`, () => {
      expect(verify(alice.raw, message, signature)).toBe(true)
      expect(verify(mallory.raw, message, signature)).toBe(false)
      expect(verify(alice.raw, flipped(message, 3), signature)).toBe(false)
      expect(verify(alice.raw, message, flipped(signature, 10))).toBe(false)
      expect(verify(alice.raw, message, flipped(signature, 40))).toBe(false)
    })
  }

  it('sodium: refuses a signature whose S is not reduced (the same signature in another spelling)', () => {
    // S + L, where L is the group order: OpenSSL and libsodium both refuse it; a lax verifier would
    // accept a second encoding of one signature, so an entry id (the signature's start) could repeat.
    const order = 2n ** 252n + 27742317777372353535851937790883648493n
    const s = signature.slice(32).reduceRight((value, byte) => (value << 8n) | BigInt(byte), 0n)
    const bumped = new Uint8Array(64)
    bumped.set(signature.slice(0, 32))
    let value = s + order
    for (let i = 32; i < 64; i++) {
      bumped[i] = Number(value & 0xffn)
      value >>= 8n
    }
    expect(verifiers.sodium(alice.raw, message, bumped)).toBe(false)
    expect(verifiers.node(alice.raw, message, bumped)).toBe(false)
  })

  it('sodium: refuses keys and signatures of the wrong length', () => {
    expect(verifiers.sodium(alice.raw.slice(0, 31), message, signature)).toBe(false)
    expect(verifiers.sodium(alice.raw, message, signature.slice(0, 63))).toBe(false)
  })
})
