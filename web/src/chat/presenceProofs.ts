// Signing this device's presence and checking everyone else's (protocol/src/presenceProof.ts).
// Presence is not in the log, so it carries its own proof: without one that verifies, a key is not
// shown as online or typing, whatever name the state claims.
import {
  PRESENCE_PROOF_RENEW_MS,
  type PresenceProof,
  parsePresenceProof,
  presenceProofFresh,
  presenceSigningBytes,
  toBase64url,
  type VerifyEd25519,
  verifyPresenceProof,
} from '@parley/protocol'
import type { Awareness } from 'y-protocols/awareness'
import type { Signer } from '../identity/signer'

/** Verdicts kept; a busy room renews each proof every few minutes, so this is many rooms' worth. */
const MAX_VERDICTS = 2_000

export async function provePresence(
  room: string,
  clientId: number,
  signer: Signer,
  now = Date.now(),
): Promise<PresenceProof> {
  const signature = await signer.sign(presenceSigningBytes(room, clientId, signer.key, now))
  return { at: now, sig: toBase64url(signature) }
}

export interface PresenceChecker {
  /**
   * Whether the state of `clientId` proves `key` now. An unseen proof is checked in the
   * background: false until it verifies, then `onVerified` runs so the caller reads again.
   */
  isProven(clientId: number, key: string, proofValue: unknown, now: number): boolean
}

export function createPresenceChecker(
  room: string,
  verify: VerifyEd25519,
  onVerified: () => void,
): PresenceChecker {
  const verdicts = new Map<string, boolean | 'pending'>()
  return {
    isProven(clientId, key, proofValue, now) {
      const proof = parsePresenceProof(proofValue)
      if (proof === null || !presenceProofFresh(proof, now)) return false
      const id = `${clientId}\n${key}\n${proof.at}\n${proof.sig}`
      const known = verdicts.get(id)
      if (known !== undefined) return known === true
      if (verdicts.size >= MAX_VERDICTS) verdicts.clear()
      const verdict = verifyPresenceProof(room, clientId, key, proof, verify)
      if (typeof verdict === 'boolean') {
        verdicts.set(id, verdict)
        return verdict
      }
      verdicts.set(id, 'pending')
      verdict.then(
        (ok) => {
          verdicts.set(id, ok)
          if (ok) onVerified()
        },
        () => verdicts.set(id, false),
      )
      return false
    },
  }
}

export interface ProvenPresence {
  /** The newest proof, for a state set anew (null until the first is signed). */
  current(): PresenceProof | null
  stop(): void
}

/** Signs this client's presence in `room` now and every few minutes, into its awareness state. */
export function keepPresenceProven(room: string, awareness: Awareness, signer: Signer): ProvenPresence {
  let proof: PresenceProof | null = null
  let stopped = false
  const publish = async () => {
    const next = await provePresence(room, awareness.clientID, signer)
    if (stopped) return
    proof = next
    if (awareness.getLocalState() !== null) awareness.setLocalStateField('proof', proof)
  }
  void publish()
  const renew = setInterval(() => void publish(), PRESENCE_PROOF_RENEW_MS)
  return {
    current: () => proof,
    stop() {
      stopped = true
      clearInterval(renew)
    },
  }
}
