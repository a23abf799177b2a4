// One open room for the UI: the doc, its fold and its presence behind plain-data getters and
// intent methods. Components get this object and never see a Y type.
//
// Until the room's history is loaded, the view is a preview folded from the view cache (the newest
// entries this device verified, as of the last visit), painted before the history is decoded; then
// the full fold takes over, once it shows at least what the preview did. Every entry is signed by
// this person's key through one writer, which also holds writes until the history is loaded; and
// writing stops while the relay refuses this device's entries (anything written after a refused
// entry would be refused too) until the room is repaired.
import { publishActiveCall } from '../calls/activeCalls'
import { awarenessCallRoom } from '../calls/awarenessCallRoom'
import { type CallSession, createCallSession } from '../calls/callSession'
import { loadIceServers } from '../calls/iceConfig'
import { createEd25519Verifier } from '../identity/verifier'
import {
  appendMessage,
  appendTitle,
  appendTopic,
  checkDraft,
  checkTitle,
  checkTopic,
  createRoomWriter,
  entriesNotIn,
  type LogId,
  type MessageDraft,
  type RoomSnapshot,
} from '../room'
import { type CachedView, foldCachedView, openFoldedRoom, type PresenceState, type RoomState } from '../sync'
import { attempt, createMessageActions, type MessageActions } from './actions/messageActions'
import { keepOwnProfile } from './ownProfile'
import { type Presence, readPresence, samePresence } from './presence'
import { REPAIR_BEFORE_SENDING } from './refusal/refusalText'
import { createRefusedSource, type RefusedEntry } from './refusal/refusedEntries'
import { type RepairOptions, repairRoom, resumeRepair } from './refusal/repairRoom'
import type { RoomIdentity } from './roomIdentity'

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
  /** Sets (or, with an empty text, clears) the room's topic. */
  setTopic(topic: string): string | null
  setTyping(typing: boolean): void
  /** This person's side of the room's call (started or joined on demand). */
  call: CallSession
  /** Whether this person shows as here (a room kept open while another is shown does not). */
  setPresent(present: boolean): void
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

const HIDDEN_PAGE_WAIT_MS = 200

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

/**
 * The newest title and topic entries' ids, so the view cache keeps them when they are older than
 * the rest.
 */
function headerIds(view: RoomSnapshot): LogId[] {
  const ids: LogId[] = []
  for (const kind of ['title', 'topic'] as const) {
    for (let i = view.timeline.length - 1; i >= 0; i--) {
      const item = view.timeline[i]
      if (item?.kind !== kind) continue
      ids.push(item.logId)
      break
    }
  }
  return ids
}

function presenceUser(me: RoomIdentity): PresenceState['user'] {
  const { name, color } = me.getProfile()
  return { id: me.key, name, color }
}

export function createRoomController(roomId: string, me: RoomIdentity): RoomController {
  let preview: RoomSnapshot | null = null
  const viewListeners = new Set<() => void>()
  const notifyView = () => {
    for (const listener of viewListeners) listener()
  }
  const showPreview = (cached: CachedView | null): Promise<void> | undefined => {
    if (cached === null || cached.entries.length === 0 || room.connection.getState().loaded) return undefined
    preview = foldCachedView(cached)
    globalThis.performance?.mark?.('parley:preview-ready')
    notifyView()
    return typeof requestAnimationFrame === 'function' ? afterNextPaint() : undefined
  }
  const room = openFoldedRoom(roomId, {
    user: presenceUser(me),
    verify: createEd25519Verifier(),
    beforeHistory: showPreview,
    viewCachePins: () => headerIds(room.fold.getSnapshot()),
  })
  const { connection, fold } = room
  const { awareness } = connection
  const writer = createRoomWriter(connection.doc, roomId, me.signer, { ready: connection.whenLoaded })
  const getRefused = createRefusedSource(connection.doc, () => {
    const { refusals, durable } = connection.getState()
    return { refusals, durable, version: fold.getSnapshot().version }
  })
  const blocked = () => (getRefused().length > 0 ? REPAIR_BEFORE_SENDING : null)
  const stopResume = resumeRepair(connection, me.key)
  // The full fold replaces the preview once the history is loaded and it shows at least as much
  // (what it still has to verify would otherwise blink out and back in).
  const dropPreview = () => {
    if (preview === null || !connection.getState().loaded) return
    const full = fold.getSnapshot()
    if (full.verification.pending > 0 && full.messageCount < preview.messageCount) return
    preview = null
    notifyView()
  }
  const unsubscribePreview = connection.subscribe(dropPreview)
  const unsubscribePreviewFold = fold.subscribe(dropPreview)
  const own = keepOwnProfile(
    { fold, writer, getState: connection.getState, subscribeState: connection.subscribe, blocked },
    me,
  )
  const unsubscribeProfile = me.subscribeProfile(() => awareness.setLocalStateField('user', presenceUser(me)))
  let presence = readPresence(awareness.getStates(), me.key)
  const presenceListeners = new Set<() => void>()
  const onAwareness = () => {
    const next = readPresence(awareness.getStates(), me.key)
    if (samePresence(presence, next)) return
    presence = next
    for (const listener of presenceListeners) listener()
  }
  awareness.on('change', onAwareness)
  const callRoom = awarenessCallRoom(awareness, connection.signals, me.key)
  const call = createCallSession(callRoom, loadIceServers)
  const stopCallBadge = publishActiveCall(roomId, awareness)
  let closed: Promise<void> | null = null
  const close = (): Promise<void> => {
    if (closed !== null) return closed
    call.close()
    callRoom.close()
    stopCallBadge()
    stopResume()
    own.close()
    unsubscribeProfile()
    unsubscribePreview()
    unsubscribePreviewFold()
    viewListeners.clear()
    awareness.off('change', onAwareness)
    closed = room.close()
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
      const write = () => {
        // Offline, a newcomer announces themselves with their first message.
        own.join()
        return attempt(null, () => appendMessage(writer, draft))
      }
      awareness.setLocalStateField('typing', false)
      // Before the history is in, whether this person is a member is not known yet.
      if (!connection.getState().loaded) {
        void connection.whenLoaded.then(write)
        return null
      }
      return write()
    },
    messages: createMessageActions({ writer, blocked }),
    setTitle(title) {
      const error = blocked() ?? checkTitle(title.trim())
      return error ?? attempt(null, () => appendTitle(writer, title))
    },
    setTopic(topic) {
      const error = blocked() ?? checkTopic(topic.trim())
      return error ?? attempt(null, () => appendTopic(writer, topic))
    },
    setTyping(typing) {
      if (awareness.getLocalState()?.typing !== typing) awareness.setLocalStateField('typing', typing)
    },
    call,
    setPresent(present) {
      // Someone in a call stays in it (and present) while they look at another room.
      if ((awareness.getLocalState() !== null) === present || call.getState().phase !== 'idle') return
      awareness.setLocalState(
        present ? ({ user: presenceUser(me), typing: false } satisfies PresenceState) : null,
      )
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
          key: me.key,
          getState: connection.getState,
          unsentEntries: (durable) => entriesNotIn(connection.doc, durable),
          close,
        },
        options,
      )
    },
    close,
  }
}
