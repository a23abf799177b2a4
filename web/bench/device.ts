// A bench device: a browser context whose IndexedDB already holds the reader's identity (their
// Ed25519 key pair, imported from the seeded secret, and their profile as the room has it), so
// opening the room needs no "Pick your name" and writes nothing.
import type { Browser, BrowserContext } from 'playwright-core'
import { IDENTITY_DB } from '../src/identity/identityStore'
import type { BenchPerson } from './seedRoom'

const VIEWPORT = { width: 1100, height: 800 }

interface Secret {
  key: string
  seed: string
  name: string
  color: string
}

/** Runs in the page: imports the key pair and writes the identity record the app reads. */
async function storeIdentity([secret, db]: readonly [Secret, typeof IDENTITY_DB]): Promise<void> {
  const ed25519 = { name: 'Ed25519' }
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: secret.key, d: secret.seed, ext: true }
  const privateKey = await crypto.subtle.importKey('jwk', jwk, ed25519, true, ['sign'])
  const raw = Uint8Array.from(atob(secret.key.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))
  const publicKey = await crypto.subtle.importKey('raw', raw, ed25519, true, ['verify'])
  const profile = { seq: 1, name: secret.name, color: secret.color, avatar: null, status: null }
  const opened = indexedDB.open(db.name, db.version)
  opened.onupgradeneeded = () => opened.result.createObjectStore(db.store)
  const database = await new Promise<IDBDatabase>((resolve, reject) => {
    opened.onsuccess = () => resolve(opened.result)
    opened.onerror = () => reject(opened.error)
  })
  const transaction = database.transaction(db.store, 'readwrite')
  transaction
    .objectStore(db.store)
    .put({ v: 1, key: secret.key, keyPair: { privateKey, publicKey }, profile }, db.key)
  await new Promise((resolve, reject) => {
    transaction.oncomplete = resolve
    transaction.onerror = () => reject(transaction.error)
  })
  database.close()
}

/** A new device of `reader` for the app at `origin`: its own storage, their identity in it. */
export async function newDevice(
  browser: Browser,
  origin: string,
  reader: BenchPerson,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  // tsx compiles the probes with keepNames, which wraps inner functions in `__name(fn, "name")`.
  await context.addInitScript('globalThis.__name = globalThis.__name || ((target) => target)')
  const page = await context.newPage()
  // A static file of the origin: the identity is written before the app ever runs there.
  await page.goto(`${origin}/favicon.svg`)
  const secret = { key: reader.key, seed: reader.seed, name: reader.name, color: reader.color }
  await page.evaluate(storeIdentity, [secret, IDENTITY_DB] as const)
  await page.close()
  return context
}
