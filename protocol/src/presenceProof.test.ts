import { describe, expect, it } from 'vitest'
import { toBase64url } from './envelope.js'
import {
  PRESENCE_PROOF_TTL_MS,
  type PresenceProof,
  parsePresenceProof,
  presenceProofFresh,
  presenceSigningBytes,
  verifyPresenceProof,
} from './presenceProof.js'
import { newNodeKey, nodeVerify } from './testing/nodeEd25519.js'

function newKey() {
  const { key, sign } = newNodeKey()
  const prove = (room: string, clientId: number, at: number): PresenceProof => ({
    at,
    sig: toBase64url(sign(presenceSigningBytes(room, clientId, key, at))),
  })
  return { key, prove }
}

const verify = nodeVerify

describe('presence proofs', () => {
  const alice = newKey()
  const mallory = newKey()
  const now = 1_800_000_000_000

  it("verifies for the signer's key, room and client id only", () => {
    const proof = alice.prove('room', 7, now)
    expect(verifyPresenceProof('room', 7, alice.key, proof, verify)).toBe(true)
    expect(verifyPresenceProof('other-room', 7, alice.key, proof, verify)).toBe(false)
    expect(verifyPresenceProof('room', 8, alice.key, proof, verify)).toBe(false)
    expect(verifyPresenceProof('room', 7, mallory.key, proof, verify)).toBe(false)
    expect(verifyPresenceProof('room', 7, alice.key, { ...proof, at: now + 1 }, verify)).toBe(false)
  })

  it("refuses Mallory's signature under Alice's key and keys of the wrong shape", () => {
    const forged = mallory.prove('room', 7, now)
    expect(verifyPresenceProof('room', 7, alice.key, forged, verify)).toBe(false)
    expect(verifyPresenceProof('room', 7, 'not a key', forged, verify)).toBe(false)
    expect(verifyPresenceProof('room', 7, `${alice.key.slice(0, 42)}!`, forged, verify)).toBe(false)
  })

  it('counts only recent proofs, with a little clock skew', () => {
    expect(presenceProofFresh({ at: now, sig: '' }, now)).toBe(true)
    expect(presenceProofFresh({ at: now - PRESENCE_PROOF_TTL_MS - 1, sig: '' }, now)).toBe(false)
    expect(presenceProofFresh({ at: now + 60_000, sig: '' }, now)).toBe(true)
    expect(presenceProofFresh({ at: now + 10 * 60_000, sig: '' }, now)).toBe(false)
  })

  it('parses only a safe-integer time and a signature-shaped sig', () => {
    const proof = alice.prove('room', 7, now)
    expect(parsePresenceProof(proof)).toEqual(proof)
    expect(parsePresenceProof({ ...proof, at: 1.5 })).toBeNull()
    expect(parsePresenceProof({ ...proof, at: '1' })).toBeNull()
    expect(parsePresenceProof({ ...proof, sig: proof.sig.slice(1) })).toBeNull()
    expect(parsePresenceProof(null)).toBeNull()
    expect(parsePresenceProof('proof')).toBeNull()
  })
})
