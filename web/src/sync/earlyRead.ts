// Starts reading the room's small values (view cache, durable state, refusals, verified state) from IndexedDB before
// the app is evaluated: main.tsx imports this module first, so the read is under way while React and
// the rest of the bundle run, instead of starting tens of milliseconds after them. It has no imports
// on purpose, so nothing else has to be evaluated before it.
//
// The one piece of module state in the app: the read started for this page's room, handed to the
// first openRoom of that room and then forgotten (a later open reads afresh).

/** y-indexeddb's database name prefix, store names and our keys in its `custom` store. */
export const ROOM_DB_PREFIX = 'parley:'
export const UPDATES_STORE = 'updates'
export const CUSTOM_STORE = 'custom'
export const DURABLE_KEY = 'durable'
export const VIEW_KEY = 'view'
export const REFUSALS_KEY = 'refusals'
export const VERIFIED_KEY = 'verified'
/** The app's room route with a valid room id (see app/route.ts and room/ids.ts). */
const ROOM_PATH = /^\/r\/([A-Za-z0-9_-]{1,128})\/?$/

/** The values as stored; the caller validates them. */
export interface RawSmallValues {
  durable: unknown
  view: unknown
  refusals: unknown
  verified: unknown
}

/** The database of the room at `pathname`, or null when it is not a room's page. */
export function roomDbName(pathname: string): string | null {
  const roomId = ROOM_PATH.exec(pathname)?.[1]
  return roomId ? `${ROOM_DB_PREFIX}${roomId}` : null
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

/** Reads the values in one short transaction; a new database gets y-indexeddb's stores. */
export async function readRawSmallValues(dbName: string): Promise<RawSmallValues> {
  const open = indexedDB.open(dbName)
  open.onupgradeneeded = () => {
    open.result.createObjectStore(UPDATES_STORE, { autoIncrement: true })
    open.result.createObjectStore(CUSTOM_STORE)
  }
  const db = await request(open)
  // Never keep y-indexeddb (or a deletion) waiting on this connection.
  db.onversionchange = () => db.close()
  try {
    const store = db.transaction(CUSTOM_STORE, 'readonly').objectStore(CUSTOM_STORE)
    const [durable, view, refusals, verified] = await Promise.all([
      request(store.get(DURABLE_KEY)),
      request(store.get(VIEW_KEY)),
      request(store.get(REFUSALS_KEY)),
      request(store.get(VERIFIED_KEY)),
    ])
    return { durable, view, refusals, verified }
  } finally {
    db.close()
  }
}

let early: { dbName: string; read: Promise<RawSmallValues> } | null = null

/** The read this page started for `dbName` at load, once; null if there is none. */
export function takeEarlyRead(dbName: string): Promise<RawSmallValues> | null {
  if (early?.dbName !== dbName) return null
  const { read } = early
  early = null
  return read
}

function startEarlyRead(): void {
  if (typeof location === 'undefined' || typeof indexedDB === 'undefined') return
  const dbName = roomDbName(location.pathname)
  if (dbName === null) return
  const read = readRawSmallValues(dbName)
  read.catch(() => {}) // whoever takes it sees the failure; unclaimed, it is no error
  early = { dbName, read }
}

startEarlyRead()
