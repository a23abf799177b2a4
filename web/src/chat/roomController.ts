// One open room for the UI: the doc, its fold and its presence behind plain-data getters and
// intent methods. Components get this object and never see a Y type.
//
// Until the room's history is loaded, the view is a preview folded from the view cache (the newest
// entries this device verified, as of the last visit), painted before the history is decoded; then
// the full fold takes over, once it shows at least what the preview did. Every entry is signed by
// this person's key through one writer, which also holds writes until the history is loaded; and
// writing stops while the relay refuses this device's entries (anything written after a refused
// entry would be refused too) until the room is repaired.
import { firstUnreadOf } from '../app/roomIndex'
import { publishActiveCall } from '../calls/activeCalls'
import { awarenessCallRoom } from '../calls/awarenessCallRoom'
import { loadCallConfig } from '../calls/callConfig'
import { type CallSession, createCallSession } from '../calls/callSession'
import { createEd25519Verifier } from '../identity/verifier'
import { createModerationActions, type ModerationActions } from '../moderation/moderationActions'
import { levelIn } from '../moderation/moderationFold'
import { whyCannotWrite } from '../moderation/permissions'
import { appendPin } from '../pins/appendPin'
import { PIN_NOT_ALLOWED, type PinBoard } from '../pins/pinRules'
import { createPinsFold } from '../pins/pinsFold'
import type { ReceiptMark } from '../receipts/receiptRules'
import { createReceiptsFold, type ReceiptsFold } from '../receipts/receiptsFold'
import { createReceiptWriter } from '../receipts/receiptWriter'
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
import { type CachedView, foldCachedView, openFoldedRoom, type RoomState } from '../sync'
import { attempt, createMessageActions, type MessageActions } from './actions/messageActions'
import { keepOwnProfile } from './ownProfile'
import type { Presence } from './presence'
import { REPAIR_BEFORE_SENDING } from './refusal/refusalText'
import { createRefusedSource, type RefusedEntry } from './refusal/refusedEntries'
import { type RepairOptions, repairRoom, resumeRepair } from './refusal/repairRoom'
import type { RoomIdentity } from './roomIdentity'
import { createRoomPresence, presenceUser } from './roomPresence'

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
  /** Hide, mute, ban, roles, policy: what owners and moderators write (web/src/moderation). */
  moderation: ModerationActions
  setTitle(title: string): string | null
  /** Sets (or, with an empty text, clears) the room's topic. */
  setTopic(topic: string): string | null
  setTyping(typing: boolean): void
  /** This person's side of the room's call (started or joined on demand). */
  call: CallSession
  /** Whether this person shows as here (a room kept open while another is shown does not). */
  setPresent(present: boolean): void
  /** The room's pinned messages and who may pin (pins/pinRules.ts). */
  getPins(): PinBoard
  subscribePins(listener: () => void): () => void
  /** Pins or unpins message `target`; returns why not, or null. */
  setPin(target: string, on: boolean): string | null
  /** Read receipts of the people who share them (receipts/receiptRules.ts). */
  receipts: ReceiptsFold
  /** Publishes this person's read position (call only when they share receipts). */
  publishReceipt(mark: ReceiptMark): void
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

export function createRoomController(roomId: string, me: RoomIdentity): RoomController {
  let preview: RoomSnapshot | null = null
  const viewListeners = new Set<() => void>()
  const notifyView = () => {
    for (const listener of viewListeners) listener()
  }
  const showPreview = (cached: CachedView | null): Promise<void> | undefined => {
    if (cached === null || cached.entries.length === 0 || room.connection.getState().loaded) return undefined
    preview = foldCachedView(cached, firstUnreadOf(roomId))
    globalThis.performance?.mark?.('parley:preview-ready')
    notifyView()
    // At the first unread message too, the list opens at the divider in the preview's first frame.
    return typeof requestAnimationFrame === 'function' ? afterNextPaint() : undefined
  }
  const verify = createEd25519Verifier()
  const room = openFoldedRoom(roomId, {
    user: presenceUser(me),
    verify,
    beforeHistory: showPreview,
    viewCachePins: () => headerIds(room.fold.getSnapshot()),
    firstUnread: () => firstUnreadOf(roomId),
  })
  const { connection, fold } = room
  const writer = createRoomWriter(connection.doc, roomId, me.signer, { ready: connection.whenLoaded })
  const getRefused = createRefusedSource(connection.doc, () => {
    const { refusals, durable } = connection.getState()
    return { refusals, durable, version: fold.getSnapshot().version }
  })
  const blocked = () => (getRefused().length > 0 ? REPAIR_BEFORE_SENDING : null)
  /** Why this person's messages would reach no one (banned, muted, not a member), or null. */
  const silenced = () => whyCannotWrite(fold.getSnapshot().moderation, me.key)
  const belowPolicy = (field: 'title' | 'topic') => {
    const { moderation } = fold.getSnapshot()
    return levelIn(moderation, me.key) < moderation.policy[field]
      ? `Only moderators${moderation.policy[field] > 50 ? ' who own the room' : ''} may change the ${field} here.`
      : null
  }
  const stopResume = resumeRepair(connection, me.key)
  const pins = createPinsFold(connection.doc, { room: roomId, verify })
  const receipts = createReceiptsFold(connection.doc, { room: roomId, verify })
  const receiptWriter = createReceiptWriter(connection.doc, roomId, me.signer)
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
  const presence = createRoomPresence(roomId, connection.awareness, me, verify)
  const callRoom = awarenessCallRoom(connection.awareness, connection.signals, me.key)
  const call = createCallSession(callRoom, loadCallConfig)
  const stopCallBadge = publishActiveCall(roomId, connection.awareness)
  let closed: Promise<void> | null = null
  const close = (): Promise<void> => {
    if (closed !== null) return closed
    call.close()
    callRoom.close()
    stopCallBadge()
    stopResume()
    pins.close()
    receiptWriter.close()
    receipts.close()
    own.close()
    presence.close()
    unsubscribePreview()
    unsubscribePreviewFold()
    viewListeners.clear()
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
    getPresence: presence.get,
    subscribePresence: presence.subscribe,
    send(draft) {
      const error = blocked() ?? silenced() ?? checkDraft(typeof draft === 'string' ? { text: draft } : draft)
      if (error !== null) return error
      const write = () => {
        // Offline, a newcomer announces themselves with their first message.
        own.join()
        return attempt(null, () => appendMessage(writer, draft))
      }
      presence.setTyping(false)
      // Before the history is in, whether this person is a member is not known yet.
      if (!connection.getState().loaded) {
        void connection.whenLoaded.then(write)
        return null
      }
      return write()
    },
    messages: createMessageActions({ writer, blocked }),
    moderation: createModerationActions({ writer, blocked }),
    setTitle(title) {
      const error = blocked() ?? belowPolicy('title') ?? checkTitle(title.trim())
      return error ?? attempt(null, () => appendTitle(writer, title))
    },
    setTopic(topic) {
      const error = blocked() ?? belowPolicy('topic') ?? checkTopic(topic.trim())
      return error ?? attempt(null, () => appendTopic(writer, topic))
    },
    setTyping: presence.setTyping,
    getPins: pins.get,
    subscribePins: pins.subscribe,
    setPin(target, on) {
      const error = blocked() ?? (pins.get().mayPin(me.key) ? null : PIN_NOT_ALLOWED)
      if (error !== null) return error
      void connection.whenLoaded.then(() => appendPin(connection.doc, roomId, me.signer, { target, on }))
      return null
    },
    receipts,
    publishReceipt(mark) {
      if (blocked() === null) void connection.whenLoaded.then(() => receiptWriter.publish(mark))
    },
    call,
    setPresent(present) {
      // Someone in a call stays in it (and present) while they look at another room.
      if (call.getState().phase !== 'idle') return
      presence.setPresent(present)
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
