// Attachments waiting for the relay, kept in IndexedDB with their bytes: picked offline, they
// survive a reload and are uploaded when the relay is back.
const DB_NAME = 'parley-uploads'
const STORE = 'pending'

export interface QueuedUpload {
  hash: string
  type: string
  blob: Blob
}

export interface UploadQueue {
  put(upload: QueuedUpload): Promise<void>
  remove(hash: string): Promise<void>
  list(): Promise<QueuedUpload[]>
  close(): void
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

export async function openUploadQueue(): Promise<UploadQueue> {
  const open = indexedDB.open(DB_NAME, 1)
  open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'hash' })
  const db = await request(open)
  const store = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE)
  return {
    async put(upload) {
      await request(store('readwrite').put(upload))
    },
    async remove(hash) {
      await request(store('readwrite').delete(hash))
    },
    list: () => request(store('readonly').getAll() as IDBRequest<QueuedUpload[]>),
    close: () => db.close(),
  }
}
