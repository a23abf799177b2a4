// One open room for the UI: the doc, its fold and its presence behind plain-data getters and
// intent methods. Components get this object and never see a Y type.
//
// Until the room's history is loaded, the view is a preview folded from the view cache (the newest
// entries as of the last visit), painted before the history is decoded; then the full fold takes
// over. Writes wait for the history either way, and stop while the relay refuses this device's
// entries (anything written after a refused entry would be refused too) until the room is repaired.
import {
  type Author,
  appendJoin,
  appendMessage,
  appendTitle,
  checkDraft,
  checkTitle,
  createFold,
  EntryLimitError,
  entriesNotIn,
  type LogId,
  type MessageDraft,
  type RoomSnapshot,
} from '../room'
import { type CachedView, foldCachedView, openRoom, type RoomState } from '../sync'
import { createMessageActions, type MessageActions } from './actions/messageActions'
import { type Presence, readPresence, samePresence } from './presence'
import { REPAIR_BEFORE_SENDING } from './refusal/refusalText'
import { createRefusedSource, type RefusedEntry } from './refusal/refusedEntries'
import { type RepairOptions, repairRoom, resumeRepair } from './refusal/repairRoom'

export interface RoomController {
  roomId: string
  getView(): RoomSnapshot
  subscribeView(listener: () => void): () => void
  getState(): RoomState
  subscribeState(listener: () => void): () => void
  getPresence(): Presence
  subscribePresence(listener: () => void): () => void
  /** Appends a message; returns the reason shown to the user when it cannot be sent. */
  send(draft: string | MessageDraft): string | null
  /** Edit, retract, react: entries that change an earlier message. */
  messages: MessageActions
  setTitle(title: string): string | null
  setTyping(typing: boolean): void
  /** Entries the relay refused for good and has not stored; the same array until that changes. */
  getRefused(): readonly RefusedEntry[]
  subscribeRefused(listener: () => void): () => void
  /**
   * Rebuilds this device's copy of the room from the relay, keeping every message (see
   * refusal/repairRoom.ts). Resolves with why it did not start, or with null once this controller
   * is closed and the room has to be opened again.
   */
  repair(options?: Pick<RepairOptions, 'onBlocked'>): Promise<string | null>
  /** Resolves once the room's local database is closed too. */
  close(): Promise<void>
}

/**
 * Resolves once the preview is on screen (or soon, if the page is hidden and paints nothing).
 * React commits the preview by the first frame; the second frame is the one that shows it, and the
 * task after it runs once that frame is painted. Decoding the history any earlier hides the preview.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, HIDDEN_PAGE_WAIT_MS)
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        setTimeout(() => {
          clearTimeout(fallback)
          resolve()
        }, 0),
      ),
    )
  })
}

const HIDDEN_PAGE_WAIT_MS = 200

/** The newest title entry's id, so the view cache keeps the title when it is older than the rest. */
function titleId(view: RoomSnapshot): LogId[] {
  for (let i = view.timeline.length - 1; i >= 0; i--) {
    const item = view.timeline[i]
    if (item?.kind === 'title') return [item.logId]
  }
  return []
}

export function createRoomController(roomId: string, me: Author): RoomController {
  let preview: RoomSnapshot | null = null
  const viewListeners = new Set<() => void>()
  const notifyView = () => {
    for (const listener of viewListeners) listener()
  }
  const showPreview = (cached: CachedView | null): Promise<void> | undefined => {
    if (cached === null || cached.entries.length === 0 || connection.getState().loaded) return undefined
    preview = foldCachedView(cached)
    globalThis.performance?.mark?.('parley:preview-ready')
    notifyView()
    return typeof requestAnimationFrame === 'function' ? afterNextPaint() : undefined
  }
  const connection = openRoom(roomId, {
    user: me,
    beforeHistory: showPreview,
    viewCachePins: () => titleId(fold.getSnapshot()),
  })
  const { doc, awareness } = connection
  const fold = createFold(doc)
  const getRefused = createRefusedSource(doc, () => {
    const { refusals, durable } = connection.getState()
    return { refusals, durable, version: fold.getSnapshot().version }
  })
  const blocked = () => (getRefused().length > 0 ? REPAIR_BEFORE_SENDING : null)
  const stopResume = resumeRepair(connection)
  const unsubscribePreview = connection.subscribe(() => {
    if (preview === null || !connection.getState().loaded) return
    preview = null
    notifyView()
  })
  const joinIfNew = () => {
    if (!fold.getSnapshot().members.has(me.id) && blocked() === null) appendJoin(doc, me)
  }
  // A newcomer announces themselves once their history is complete: after the relay sync, or
  // (offline) with their first message.
  const unsubscribeJoin = connection.subscribe(() => {
    if (connection.getState().synced) joinIfNew()
  })
  let presence = readPresence(awareness.getStates(), me.id)
  const presenceListeners = new Set<() => void>()
  const onAwareness = () => {
    const next = readPresence(awareness.getStates(), me.id)
    if (samePresence(presence, next)) return
    presence = next
    for (const listener of presenceListeners) listener()
  }
  awareness.on('change', onAwareness)
  const write = (draft: string | MessageDraft): string | null => {
    if (doc.isDestroyed) return null
    joinIfNew()
    try {
      appendMessage(doc, me, draft)
    } catch (failure) {
      if (failure instanceof EntryLimitError) return failure.message
      throw failure
    }
    awareness.setLocalStateField('typing', false)
    return null
  }
  let closed: Promise<void> | null = null
  const close = (): Promise<void> => {
    if (closed !== null) return closed
    stopResume()
    unsubscribeJoin()
    unsubscribePreview()
    viewListeners.clear()
    awareness.off('change', onAwareness)
    fold.close()
    closed = connection.close()
    return closed
  }
  return {
    roomId,
    getView: () => preview ?? fold.getSnapshot(),
    subscribeView(listener) {
      viewListeners.add(listener)
      const unsubscribeFold = fold.subscribe(listener)
      return () => {
        viewListeners.delete(listener)
        unsubscribeFold()
      }
    },
    getState: connection.getState,
    subscribeState: connection.subscribe,
    getPresence: () => presence,
    subscribePresence(listener) {
      presenceListeners.add(listener)
      return () => presenceListeners.delete(listener)
    },
    send(draft) {
      const error = blocked() ?? checkDraft(typeof draft === 'string' ? { text: draft } : draft)
      if (error !== null) return error
      if (!connection.getState().loaded) {
        // Appended to a doc without its history, the entry would sort before that history.
        void connection.whenLoaded.then(() => write(draft))
        return null
      }
      return write(draft)
    },
    messages: createMessageActions({
      doc,
      me,
      isLoaded: () => connection.getState().loaded,
      whenLoaded: connection.whenLoaded,
      blocked,
    }),
    setTitle(title) {
      const error = blocked() ?? checkTitle(title.trim())
      if (error !== null) return error
      // Like a message, a title written before the history is in would sort before that history.
      if (!connection.getState().loaded)
        void connection.whenLoaded.then(() => !doc.isDestroyed && appendTitle(doc, me, title))
      else appendTitle(doc, me, title)
      return null
    },
    setTyping(typing) {
      if (awareness.getLocalState()?.typing !== typing) awareness.setLocalStateField('typing', typing)
    },
    getRefused,
    subscribeRefused(listener) {
      const unsubscribeState = connection.subscribe(listener)
      const unsubscribeFold = fold.subscribe(listener)
      return () => {
        unsubscribeState()
        unsubscribeFold()
      }
    },
    repair(options = {}) {
      return repairRoom(
        {
          roomId,
          getState: connection.getState,
          unsentEntries: (durable) => entriesNotIn(doc, durable),
          close,
        },
        options,
      )
    },
    close,
  }
}
