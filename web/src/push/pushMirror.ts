// What the service worker needs to word a push without any text in it: each room's title and
// notification level, copied by the app into IndexedDB (the worker cannot read localStorage).
export interface MirroredRoom {
  id: string
  title: string | null
  level: 'all' | 'mentions' | 'mute'
}

const DB = 'parley-push'
const STORE = 'rooms'

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' })
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

/** Replaces the mirror with `rooms`. */
export async function writeMirror(rooms: readonly MirroredRoom[]): Promise<void> {
  const db = await open()
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite')
      const store = tx.objectStore(STORE)
      store.clear()
      for (const room of rooms) store.put(room)
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
    })
  } finally {
    db.close()
  }
}

export async function readMirroredRoom(id: string): Promise<MirroredRoom | null> {
  const db = await open()
  try {
    return await new Promise((resolve, reject) => {
      const request = db.transaction(STORE).objectStore(STORE).get(id)
      request.onsuccess = () => resolve((request.result as MirroredRoom | undefined) ?? null)
      request.onerror = () => reject(request.error)
    })
  } finally {
    db.close()
  }
}
