// Writes down what this device has verified of a room (verifiedRecord.ts) once nothing is left to
// check and the room has been quiet for a moment, and marks (`parley:history-verified`, for
// benchmarks and DevTools) when a loaded, non-empty history first became fully verified.
import { getLog, type RoomFold } from '../room'
import type { RoomConnection } from './openRoom'
import { VERIFIED_KEY } from './roomStore'
import { encodeVerified } from './verifiedRecord'

/** Quiet time after the last verified batch before the record is rewritten. */
export const VERIFIED_SAVE_DEBOUNCE_MS = 2000

export interface VerifiedSaver {
  /** Writes now if a write is due (e.g. before the room closes). */
  flush(): void
  close(): void
}

export function keepVerified(fold: RoomFold, connection: RoomConnection): VerifiedSaver {
  let saved: string | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let historyRead = false
  let marked = false
  const save = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    const state = fold.verifiedState()
    const text = state && encodeVerified(state)
    if (!text || text === saved) return
    saved = text
    connection.saveLocal(VERIFIED_KEY, text)
  }
  const onChange = () => {
    if (!connection.getState().loaded || fold.getSnapshot().verification.pending > 0) return
    // An empty log (a fresh device before the relay's history arrives) is not "the history".
    if (!marked && getLog(connection.doc).length > 0) {
      marked = true
      globalThis.performance?.mark?.('parley:history-verified')
    }
    if (!historyRead) return
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(save, VERIFIED_SAVE_DEBOUNCE_MS)
  }
  const unsubscribeFold = fold.subscribe(onChange)
  const unsubscribeState = connection.subscribe(onChange)
  // A record written before the whole stored history is in would cover less than the one it replaces.
  void connection.whenLocalHistory.then(() => {
    historyRead = true
    onChange()
  })
  return {
    flush() {
      if (timer !== null) save()
    },
    close() {
      if (timer !== null) clearTimeout(timer)
      timer = null
      unsubscribeFold()
      unsubscribeState()
    },
  }
}
