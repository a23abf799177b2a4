import type { VerifyEd25519 } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import { createTestPerson, verify } from '../room/testing'
import { createPresenceChecker, provePresence } from './presenceProofs'

const alice = await createTestPerson('Alice')
const mallory = await createTestPerson('Mallory')

/** WebCrypto's verifier, keeping each verdict's promise so a test can wait for all of them. */
function recordingVerifier() {
  const verdicts: Promise<boolean>[] = []
  const recording: VerifyEd25519 = (...args) => {
    const verdict = Promise.resolve(verify(...args))
    verdicts.push(verdict)
    return verdict
  }
  return { verify: recording, settled: () => Promise.all(verdicts) }
}

describe('presence proofs in the app', () => {
  it("proves Alice's key once her proof verifies, and never a copy or Mallory's claim to it", async () => {
    const verifier = recordingVerifier()
    let verified = 0
    const checker = createPresenceChecker('room', verifier.verify, () => verified++)
    const now = Date.now()
    const aliceProof = await provePresence('room', 11, alice.signer, now)
    const malloryProof = await provePresence('room', 12, mallory.signer, now)
    const claims = () => ({
      alice: checker.isProven(11, alice.key, aliceProof, now),
      copiedToAnotherClient: checker.isProven(12, alice.key, aliceProof, now),
      malloryAsAlice: checker.isProven(12, alice.key, malloryProof, now),
      malloryAsHerself: checker.isProven(12, mallory.key, malloryProof, now),
      otherRoom: createPresenceChecker('other', verify, () => {}).isProven(11, alice.key, aliceProof, now),
      noProof: checker.isProven(11, alice.key, undefined, now),
      garbage: checker.isProven(11, alice.key, { at: now, sig: 'x' }, now),
    })
    // Verification is asynchronous: nothing counts until its verdict is in.
    expect(Object.values(claims()).every((proven) => !proven)).toBe(true)
    await verifier.settled()
    expect(verified).toBe(2)
    expect(claims()).toEqual({
      alice: true,
      copiedToAnotherClient: false,
      malloryAsAlice: false,
      malloryAsHerself: true,
      otherRoom: false,
      noProof: false,
      garbage: false,
    })
  })

  it('stops counting a proof once it has aged out', async () => {
    const verifier = recordingVerifier()
    const checker = createPresenceChecker('room', verifier.verify, () => {})
    const old = await provePresence('room', 11, alice.signer, Date.now() - 11 * 60_000)
    // At the time it was signed it counts; eleven minutes later it does not.
    checker.isProven(11, alice.key, old, old.at)
    await verifier.settled()
    expect(checker.isProven(11, alice.key, old, old.at)).toBe(true)
    expect(checker.isProven(11, alice.key, old, Date.now())).toBe(false)
  })
})
