// The safety number two people compare (in person or on a call) to know that the key behind a
// name is the one they expect: SHA-256 of the raw public key, as 30 digits in 6 groups of 5.
// Each group is one 5-byte chunk of the digest read as a big-endian number, modulo 100000.
import { fromBase64url } from '@parley/protocol'

const GROUPS = 6
const BYTES_PER_GROUP = 5

/** The fingerprint of a 32-byte digest-to-be: `12345 67890 …` (6 groups of 5 digits). */
export function formatFingerprint(digest: Uint8Array): string {
  const groups: string[] = []
  for (let g = 0; g < GROUPS; g++) {
    let value = 0
    // 5 bytes = 40 bits: exact in a double (53 bits), so plain arithmetic is enough.
    for (let i = 0; i < BYTES_PER_GROUP; i++) value = value * 256 + (digest[g * BYTES_PER_GROUP + i] ?? 0)
    groups.push(String(value % 100_000).padStart(5, '0'))
  }
  return groups.join(' ')
}

/** The fingerprint of a public key given as base64url (an entry's `key`, a person's id). */
export async function fingerprintOf(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', fromBase64url(key) as BufferSource)
  return formatFingerprint(new Uint8Array(digest))
}
