// Where this device keeps its identity: one IndexedDB record with the key pair (as CryptoKeys,
// which IndexedDB stores as they are) and the person's profile. Anything that can write this
// database can run script on the origin anyway, so it is trusted as it is.
import type { LocalProfile } from './profile'

/** Where the identity record lives (exported for tools that set up a device, like the bench). */
export const IDENTITY_DB = { name: 'parley-identity', version: 1, store: 'identity', key: 'current' } as const
const FORMAT_VERSION = 1

export interface StoredIdentity {
  key: string
  keyPair: CryptoKeyPair
  profile: LocalProfile
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function open(): Promise<IDBDatabase> {
  const opening = indexedDB.open(IDENTITY_DB.name, IDENTITY_DB.version)
  opening.onupgradeneeded = () => opening.result.createObjectStore(IDENTITY_DB.store)
  return request(opening)
}

function isStored(value: unknown): value is StoredIdentity & { v: number } {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  const keyPair = record.keyPair as Partial<CryptoKeyPair> | undefined
  return (
    record.v === FORMAT_VERSION &&
    typeof record.key === 'string' &&
    keyPair?.privateKey instanceof CryptoKey &&
    keyPair.publicKey instanceof CryptoKey &&
    typeof record.profile === 'object' &&
    record.profile !== null
  )
}

/** The identity this device holds, or null when it has none yet. */
export async function loadStoredIdentity(): Promise<StoredIdentity | null> {
  const db = await open()
  try {
    const { store, key } = IDENTITY_DB
    const value: unknown = await request(db.transaction(store, 'readonly').objectStore(store).get(key))
    if (!isStored(value)) return null
    return { key: value.key, keyPair: value.keyPair, profile: value.profile }
  } finally {
    db.close()
  }
}

export async function saveStoredIdentity(identity: StoredIdentity): Promise<void> {
  const db = await open()
  try {
    const transaction = db.transaction(IDENTITY_DB.store, 'readwrite')
    transaction.objectStore(IDENTITY_DB.store).put({ v: FORMAT_VERSION, ...identity }, IDENTITY_DB.key)
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve()
      transaction.onerror = () => reject(transaction.error)
      transaction.onabort = () => reject(transaction.error ?? new Error('aborted'))
    })
  } finally {
    db.close()
  }
}
