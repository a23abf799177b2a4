// What the service worker needs to word a push without any text in it, copied by the app into
// IndexedDB (the worker cannot read localStorage): each room's title and notification level, and
// who this person is (whether a new message mentions them is decided in the worker), plus the
// relay's access token, so the worker can fetch a room's newest entries on a relay that needs one.
// The worker keeps one thing of its own here: how far it has looked into each room (a Yjs state
// vector), so a mention is announced once, not again with every later push.
export interface MirroredRoom {
  id: string
  title: string | null
  level: 'all' | 'mentions' | 'mute'
}

export interface MirroredSelf {
  /** Identity public keys of this person: their own messages never mention them. */
  keys: string[]
  /** Their name, as `@name` mentions spell it ('' before they chose one). */
  name: string
  accessToken: string | null
}

const DB = 'parley-push'
const ROOMS = 'rooms'
const SELF = 'self'
const CHECKED = 'checked'
/** The one key of the `self` store. */
const SELF_KEY = 'self'
/** Version 2 added the `self` and `checked` stores. */
const VERSION = 2

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, VERSION)
    request.onupgradeneeded = () => {
      const db = request.result
      if (!db.objectStoreNames.contains(ROOMS)) db.createObjectStore(ROOMS, { keyPath: 'id' })
      if (!db.objectStoreNames.contains(SELF)) db.createObjectStore(SELF)
      if (!db.objectStoreNames.contains(CHECKED)) db.createObjectStore(CHECKED)
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

async function withDb<T>(use: (db: IDBDatabase) => Promise<T>): Promise<T> {
  const db = await open()
  try {
    return await use(db)
  } finally {
    db.close()
  }
}

function read<T>(db: IDBDatabase, store: string, key: string): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const request = db.transaction(store).objectStore(store).get(key)
    request.onsuccess = () => resolve((request.result as T | undefined) ?? null)
    request.onerror = () => reject(request.error)
  })
}

/** Replaces the mirror with `rooms` and `self`. */
export function writeMirror(rooms: readonly MirroredRoom[], self: MirroredSelf): Promise<void> {
  return withDb(
    (db) =>
      new Promise<void>((resolve, reject) => {
        const tx = db.transaction([ROOMS, SELF], 'readwrite')
        const store = tx.objectStore(ROOMS)
        store.clear()
        for (const room of rooms) store.put(room)
        tx.objectStore(SELF).put(self, SELF_KEY)
        tx.oncomplete = () => resolve()
        tx.onerror = () => reject(tx.error)
      }),
  )
}

export function readMirroredRoom(id: string): Promise<MirroredRoom | null> {
  return withDb((db) => read<MirroredRoom>(db, ROOMS, id))
}

export function readMirroredSelf(): Promise<MirroredSelf | null> {
  return withDb((db) => read<MirroredSelf>(db, SELF, SELF_KEY))
}

/** How far the service worker has looked into `room` (an encoded Yjs state vector), or null. */
export function readChecked(room: string): Promise<Uint8Array | null> {
  return withDb((db) => read<Uint8Array>(db, CHECKED, room))
}

export function writeChecked(room: string, vector: Uint8Array): Promise<void> {
  return withDb(
    (db) =>
      new Promise<void>((resolve, reject) => {
        const tx = db.transaction(CHECKED, 'readwrite')
        tx.objectStore(CHECKED).put(vector, room)
        tx.oncomplete = () => resolve()
        tx.onerror = () => reject(tx.error)
      }),
  )
}
