// What a signature costs the relay per entry: the same pre-signed envelopes, parsed only (what a
// relay without signatures would still do: read the entry) and parsed + verified with the relay's
// own verifier, alternating in one process so machine noise hits both alike.
import { parseEnvelope, verifyEnvelope } from '@parley/protocol'
import { createEd25519Verifier } from '../src/signatures.js'
import type { Row } from './report.js'
import { createSigner } from './signing.js'

const ENTRIES = 5_000
const ROUNDS = 4
const WRITERS = 20
const ROOM = 'verify-cost'

export function verifyCostRows(): Row[] {
  const signers = Array.from({ length: WRITERS }, () => createSigner())
  const values = Array.from({ length: ENTRIES }, (_, i) => {
    const signer = signers[i % WRITERS]
    if (signer === undefined) throw new Error('no signer')
    const body = JSON.stringify({
      v: 2,
      type: 'message',
      ts: 1_700_000_000_000 + i,
      text: `entry ${i} `.repeat(8),
    })
    return { ...signer.seal(ROOM, body) }
  })
  const verify = createEd25519Verifier()
  const parseOnly: number[] = []
  const verified: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    parseOnly.push(timePerEntry(values, () => true))
    verified.push(timePerEntry(values, (envelope) => verifyEnvelope(ROOM, envelope, verify) === true))
  }
  const best = (samples: number[]) => Math.min(...samples)
  return [
    {
      label: `verify ${ENTRIES} signed entries, ${WRITERS} keys: us per entry`,
      parley: best(verified),
      reference: 'n/a: unsigned',
      better: null,
      note: `parse only: ${best(parseOnly).toFixed(2)} us; best of ${ROUNDS} rounds, in the bench process`,
    },
  ]
}

function timePerEntry(
  values: readonly unknown[],
  check: (envelope: Exclude<ReturnType<typeof parseEnvelope>, string>) => boolean,
): number {
  const started = performance.now()
  for (const value of values) {
    const envelope = parseEnvelope(value)
    if (typeof envelope === 'string' || !check(envelope))
      throw new Error(`entry did not verify: ${String(envelope)}`)
  }
  return ((performance.now() - started) * 1000) / values.length
}
