// Keeps a room's view cache current: after the view changes and then goes quiet, selects the
// newest entries it shows and saves them if they differ from what is stored. Off the hot path:
// one write per burst of changes, in idle time, never during a transaction.
import type { LogId, RoomFold } from '../room'
import { encodeCachedView, selectCachedView } from './viewCache'

/** Quiet time after the last change of the log before the cache is rewritten. */
export const VIEW_CACHE_DEBOUNCE_MS = 1000
/** Longest wait for idle time once the debounce has passed. */
const IDLE_TIMEOUT_MS = 2000

export interface ViewCacheWriterOptions {
  /** Ids of older entries the preview needs (e.g. the current title entry). */
  pins(): readonly LogId[]
  /**
   * The person's first unread message, as a place among the room's messages (their read count),
   * or null: the cache keeps a window from there so the room opens there fast (unreadWindow.ts).
   */
  firstUnread?(): number | null
  save(text: string): void
  /** What is stored now, so an unchanged view is not written again. */
  stored: string | null
}

export interface ViewCacheWriter {
  /** Writes now if a change is pending or the first unread message moved (e.g. before the room closes). */
  flush(): void
  close(): void
}

/** Starts watching `fold`; its doc must already hold the local history (else it would cache less). */
export function createViewCacheWriter(fold: RoomFold, options: ViewCacheWriterOptions): ViewCacheWriter {
  let closed = false
  let stored = options.stored
  const firstUnread = () => options.firstUnread?.() ?? null
  let writtenFor: number | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let idle: number | null = null
  const cancel = () => {
    if (timer !== null) clearTimeout(timer)
    if (idle !== null) globalThis.cancelIdleCallback?.(idle)
    timer = null
    idle = null
  }
  const write = () => {
    cancel()
    if (closed) return
    writtenFor = firstUnread()
    const view = selectCachedView(fold, options.pins(), writtenFor)
    // An empty log has nothing to preview; never let it replace a cache that has something.
    if (view.entries.length === 0) return
    const text = encodeCachedView(view)
    if (text === stored) return
    stored = text
    options.save(text)
  }
  const schedule = () => {
    cancel()
    timer = setTimeout(() => {
      timer = null
      if (typeof requestIdleCallback === 'function')
        idle = requestIdleCallback(write, { timeout: IDLE_TIMEOUT_MS })
      else write()
    }, VIEW_CACHE_DEBOUNCE_MS)
  }
  const pending = () => timer !== null || idle !== null
  const unsubscribe = fold.subscribe(schedule)
  // The load itself changed the view before we listened: the cache may be missing or stale.
  schedule()
  return {
    flush() {
      // Reading moves the first unread message without changing the log.
      if (pending() || firstUnread() !== writtenFor) write()
    },
    close() {
      closed = true
      cancel()
      unsubscribe()
    },
  }
}
