// One open room for the UI: the doc, its fold and its presence behind plain-data getters and
// intent methods. Components get this object and never see a Y type.
import {
  type Author,
  appendJoin,
  appendMessage,
  appendTitle,
  checkMessageText,
  checkTitle,
  createFold,
  EntryLimitError,
  type RoomSnapshot,
} from '../room'
import { openRoom, type RoomState } from '../sync'
import { type Presence, readPresence, samePresence } from './presence'

export interface RoomController {
  roomId: string
  getView(): RoomSnapshot
  subscribeView(listener: () => void): () => void
  getState(): RoomState
  subscribeState(listener: () => void): () => void
  getPresence(): Presence
  subscribePresence(listener: () => void): () => void
  /** Appends a message; returns the reason shown to the user when it cannot be sent. */
  send(text: string): string | null
  setTitle(title: string): string | null
  setTyping(typing: boolean): void
  close(): void
}

export function createRoomController(roomId: string, me: Author): RoomController {
  const connection = openRoom(roomId, { user: me })
  const { doc, awareness } = connection
  const fold = createFold(doc)
  const joinIfNew = () => {
    if (!fold.getSnapshot().members.has(me.id)) appendJoin(doc, me)
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
  const write = (text: string): string | null => {
    if (doc.isDestroyed) return null
    joinIfNew()
    try {
      appendMessage(doc, me, text)
    } catch (failure) {
      if (failure instanceof EntryLimitError) return failure.message
      throw failure
    }
    awareness.setLocalStateField('typing', false)
    return null
  }
  return {
    roomId,
    getView: fold.getSnapshot,
    subscribeView: fold.subscribe,
    getState: connection.getState,
    subscribeState: connection.subscribe,
    getPresence: () => presence,
    subscribePresence(listener) {
      presenceListeners.add(listener)
      return () => presenceListeners.delete(listener)
    },
    send(text) {
      const error = checkMessageText(text)
      if (error !== null) return error
      if (!connection.getState().loaded) {
        // Appended to a doc without its history, the entry would sort before that history.
        void connection.whenLoaded.then(() => write(text))
        return null
      }
      return write(text)
    },
    setTitle(title) {
      const error = checkTitle(title.trim())
      if (error !== null) return error
      appendTitle(doc, me, title)
      return null
    },
    setTyping(typing) {
      if (awareness.getLocalState()?.typing !== typing) awareness.setLocalStateField('typing', typing)
    },
    close() {
      unsubscribeJoin()
      awareness.off('change', onAwareness)
      fold.close()
      connection.close()
    },
  }
}
