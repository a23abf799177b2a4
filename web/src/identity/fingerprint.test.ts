import { createHash } from 'node:crypto'
import { fromBase64url } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import { fingerprintOf, formatFingerprint } from './fingerprint'
import { generateIdentityKeys } from './keys'

/** The same rule spelled out with BigInt: each 5-byte chunk big-endian, modulo 100000. */
function byHand(key: string): string {
  const digest = createHash('sha256').update(fromBase64url(key)).digest()
  const groups: string[] = []
  for (let g = 0; g < 6; g++) {
    const chunk = BigInt(`0x${digest.subarray(g * 5, g * 5 + 5).toString('hex')}`)
    groups.push(String(chunk % 100000n).padStart(5, '0'))
  }
  return groups.join(' ')
}

describe('fingerprint', () => {
  it('is 30 digits in 6 groups of 5, from SHA-256 of the raw public key', async () => {
    const { key } = await generateIdentityKeys()
    const fingerprint = await fingerprintOf(key)
    expect(fingerprint).toMatch(/^\d{5}( \d{5}){5}$/)
    expect(fingerprint).toBe(byHand(key))
    expect(await fingerprintOf(key)).toBe(fingerprint)
    expect(await fingerprintOf((await generateIdentityKeys()).key)).not.toBe(fingerprint)
  })

  it('reads each chunk big-endian and keeps leading zeros', () => {
    const digest = new Uint8Array(32)
    // 0x00000186a0 = 100000 -> 00000; 0x0000000001 -> 00001; 0xffffffffff = 1099511627775 -> 27775
    digest.set([0, 0, 1, 0x86, 0xa0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff])
    expect(formatFingerprint(digest)).toBe('00000 00001 27775 00000 00000 00000')
  })
})
