// Group commit: updates enqueued within GROUP_COMMIT_MS of each other are stored in one durable
// transaction. A failing store (disk full, I/O error) keeps the batch and retries with backoff;
// nothing is acknowledged until it is stored.
import type { RoomStore, StoredUpdate } from './store/types.js'

/**
 * How long a commit waits for company. Forwarding never waits for it; only the acknowledgement
 * does. Fewer, larger commits mean fewer fsyncs blocking the event loop under steady traffic.
 */
const GROUP_COMMIT_MS = 10
const RETRY_MIN_MS = 100
const RETRY_MAX_MS = 5_000

/** What one commit added to one room. */
export interface StoredRows {
  rows: number
  bytes: number
}

export interface PersisterEvents {
  /** Just before a batch is written (again, after a failure): the rooms it holds. */
  beforeWrite?(rooms: Set<string>): void
  /** After each successful commit: what each room got, and how long it took. */
  onStored?(storedByRoom: Map<string, StoredRows>, elapsedMs: number): void
  onError?(error: unknown, retryInMs: number): void
}

export interface Persister {
  /** Resolves once `update` is on disk. */
  enqueue(room: string, update: Uint8Array): Promise<void>
  /** False while the store is failing; rooms refuse new writes then. */
  readonly healthy: boolean
  /** Resolves when everything enqueued so far is stored; on close, after one last attempt. */
  drain(): Promise<void>
  close(): Promise<void>
}

interface Pending extends StoredUpdate {
  resolve(): void
  reject(error: unknown): void
}

export function createPersister(store: RoomStore, events: PersisterEvents = {}): Persister {
  let queue: Pending[] = []
  let timer: NodeJS.Timeout | null = null
  let writing: Promise<void> | null = null
  let retryMs = 0
  let healthy = true
  let closing = false

  const run = () => {
    timer = null
    writing = write().finally(() => {
      writing = null
      if (queue.length > 0 && !closing) schedule()
    })
  }

  const schedule = () => {
    if (timer !== null || writing !== null) return
    timer = setTimeout(run, healthy ? GROUP_COMMIT_MS : retryMs)
  }

  const write = async () => {
    const batch = queue
    queue = []
    const started = performance.now()
    events.beforeWrite?.(new Set(batch.map((item) => item.room)))
    try {
      await store.append(batch)
    } catch (error) {
      queue = batch.concat(queue)
      healthy = false
      retryMs = Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, retryMs * 2))
      events.onError?.(error, retryMs)
      return
    }
    healthy = true
    retryMs = 0
    const storedByRoom = new Map<string, StoredRows>()
    for (const { room, update } of batch) {
      const stored = storedByRoom.get(room) ?? { rows: 0, bytes: 0 }
      stored.rows++
      stored.bytes += update.byteLength
      storedByRoom.set(room, stored)
    }
    events.onStored?.(storedByRoom, performance.now() - started)
    for (const item of batch) item.resolve()
  }

  /** Writes now instead of waiting for a scheduled retry. */
  const writeNow = async () => {
    if (timer !== null) {
      clearTimeout(timer)
      timer = null
    }
    if (writing === null) run()
    await writing
  }

  return {
    enqueue(room, update) {
      if (closing) return Promise.reject(new Error('persister closed before the update was stored'))
      return new Promise<void>((resolve, reject) => {
        queue.push({ room, update, resolve, reject })
        schedule()
      })
    },
    get healthy() {
      return healthy
    },
    async drain() {
      while (writing !== null || queue.length > 0) {
        await (writing ?? writeNow())
        if (!healthy && closing) return
      }
    },
    async close() {
      closing = true
      await this.drain()
      const error = new Error('persister closed before the update was stored')
      for (const item of queue.splice(0)) item.reject(error)
    },
  }
}
