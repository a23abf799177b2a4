// What checking one entry's signature costs in the browser: Ed25519 with WebCrypto, as the fold
// does it (decode the envelope's key and signature, build the signed bytes, verify with a cached
// imported key), batches of 1,024 in flight as the fold sends them, and one at a time.
import type { BrowserContext } from 'playwright-core'

const ENTRIES = 4096

export interface VerifyCost {
  /** µs per entry, 1,024 verifications in flight at a time (the fold's batches). */
  batchedUs: number
  /** µs per entry, each awaited before the next. */
  sequentialUs: number
}

/** Runs in the page. */
async function measure(count: number): Promise<VerifyCost> {
  const ed25519 = { name: 'Ed25519' }
  const pair = (await crypto.subtle.generateKey(ed25519, true, ['sign', 'verify'])) as CryptoKeyPair
  const toB64 = (bytes: Uint8Array) =>
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  const fromB64 = (text: string) =>
    Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))
  const key = toB64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)))
  const encoder = new TextEncoder()
  const envelopes = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const body = `{"v":2,"type":"message","ts":${1_700_000_000_000 + i},"text":"the relay room message sync offline history ${i}"}`
      const bytes = encoder.encode(`parley/entry/v1\nbench-room\n${key}\n${body}`)
      return {
        key,
        body,
        sig: toB64(new Uint8Array(await crypto.subtle.sign(ed25519, pair.privateKey, bytes))),
      }
    }),
  )
  const imported = await crypto.subtle.importKey('raw', fromB64(key), ed25519, false, ['verify'])
  const verify = async (envelope: (typeof envelopes)[number]) => {
    const bytes = encoder.encode(`parley/entry/v1\nbench-room\n${envelope.key}\n${envelope.body}`)
    fromB64(envelope.key)
    if (!(await crypto.subtle.verify(ed25519, imported, fromB64(envelope.sig), bytes))) throw new Error('bad')
  }
  let started = performance.now()
  for (let i = 0; i < envelopes.length; i += 1024) await Promise.all(envelopes.slice(i, i + 1024).map(verify))
  const batchedUs = ((performance.now() - started) * 1000) / envelopes.length
  const sequential = envelopes.slice(0, 512)
  started = performance.now()
  for (const envelope of sequential) await verify(envelope)
  const sequentialUs = ((performance.now() - started) * 1000) / sequential.length
  return { batchedUs, sequentialUs }
}

/** One measurement in a page of `context` at `origin` (a static file: the app does not run). */
export async function verifyCost(context: BrowserContext, origin: string): Promise<VerifyCost> {
  const page = await context.newPage()
  try {
    await page.goto(`${origin}/favicon.svg`)
    return await page.evaluate(measure, ENTRIES)
  } finally {
    await page.close()
  }
}
