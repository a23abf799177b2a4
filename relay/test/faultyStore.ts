// A real store that can be made to fail or stall on demand, like a full or hung disk, so failure
// paths are tests rather than luck. Writes and loads pass through to the wrapped store otherwise.
import type { Store } from '../src/store/types.js'

export type FaultMode = 'ok' | 'failing' | 'stalled'

export interface FaultyStore extends Store {
  /** Appends fail with ENOSPC-like errors while 'failing' and never answer while 'stalled'. */
  appendMode: FaultMode
  loadMode: FaultMode
  /** Appends attempted, including failed ones. */
  readonly appendAttempts: number
  /** Resolves once `count` appends have been attempted in all. */
  attempts(count: number): Promise<void>
  /** Lets every stalled call go through to the wrapped store. */
  release(): void
}

export const DISK_FULL = 'SQLITE_FULL: database or disk is full'

export function createFaultyStore(inner: Store): FaultyStore {
  let appendAttempts = 0
  const attemptWaiters: Array<{ count: number; resolve(): void }> = []
  let stalled: Array<() => void> = []
  const stall = <T>(run: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => stalled.push(() => run().then(resolve, reject)))
  const store: FaultyStore = {
    ...inner,
    appendMode: 'ok',
    loadMode: 'ok',
    get appendAttempts() {
      return appendAttempts
    },
    async append(batch) {
      appendAttempts++
      for (const waiter of attemptWaiters.filter((w) => w.count <= appendAttempts)) {
        attemptWaiters.splice(attemptWaiters.indexOf(waiter), 1)
        waiter.resolve()
      }
      if (store.appendMode === 'failing') throw new Error(DISK_FULL)
      if (store.appendMode === 'stalled') return stall(() => inner.append(batch))
      return inner.append(batch)
    },
    async load(room) {
      if (store.loadMode === 'failing') throw new Error(DISK_FULL)
      if (store.loadMode === 'stalled') return stall(() => inner.load(room))
      return inner.load(room)
    },
    async readAfter(room, afterSeq) {
      if (store.loadMode === 'failing') throw new Error(DISK_FULL)
      if (store.loadMode === 'stalled') return stall(() => inner.readAfter(room, afterSeq))
      return inner.readAfter(room, afterSeq)
    },
    attempts(count) {
      if (appendAttempts >= count) return Promise.resolve()
      return new Promise((resolve) => attemptWaiters.push({ count, resolve }))
    },
    release() {
      const waiting = stalled
      stalled = []
      for (const go of waiting) go()
    },
  }
  return store
}
