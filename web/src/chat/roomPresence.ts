// This person's presence in one open room and everyone else's, read from awareness: who is online
// and who is typing. This device's state carries a signed proof of its key, renewed before it
// ages out; other states count only with a proof that verifies (presenceProofs.ts).
import type { VerifyEd25519 } from '@parley/protocol'
import type { Awareness } from 'y-protocols/awareness'
import type { PresenceState } from '../sync'
import { type Presence, readPresence, samePresence } from './presence'
import { createPresenceChecker, keepPresenceProven } from './presenceProofs'
import type { RoomIdentity } from './roomIdentity'

export interface RoomPresence {
  get(): Presence
  subscribe(listener: () => void): () => void
  setTyping(typing: boolean): void
  setPresent(present: boolean): void
  close(): void
}

export function presenceUser(me: RoomIdentity): PresenceState['user'] {
  const { name, color } = me.getProfile()
  return { id: me.key, name, color }
}

export function createRoomPresence(
  roomId: string,
  awareness: Awareness,
  me: RoomIdentity,
  verify: VerifyEd25519,
): RoomPresence {
  const listeners = new Set<() => void>()
  const checker = createPresenceChecker(roomId, verify, () => refresh())
  // This device's own states need no proof to be shown to itself.
  const proves = (clientId: number, key: string, value: unknown) =>
    clientId === awareness.clientID || checker.isProven(clientId, key, value, Date.now())
  let presence = readPresence(awareness.getStates(), me.key, proves)
  const refresh = () => {
    const next = readPresence(awareness.getStates(), me.key, proves)
    if (samePresence(presence, next)) return
    presence = next
    for (const listener of listeners) listener()
  }
  const proven = keepPresenceProven(roomId, awareness, me.signer)
  const unsubscribeProfile = me.subscribeProfile(() => awareness.setLocalStateField('user', presenceUser(me)))
  awareness.on('change', refresh)
  return {
    get: () => presence,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setTyping(typing) {
      if (awareness.getLocalState()?.typing !== typing) awareness.setLocalStateField('typing', typing)
    },
    setPresent(present) {
      if ((awareness.getLocalState() !== null) === present) return
      const proof = proven.current()
      const state: PresenceState = {
        user: presenceUser(me),
        typing: false,
        ...(proof === null ? {} : { proof }),
      }
      awareness.setLocalState(present ? state : null)
    },
    close() {
      proven.stop()
      unsubscribeProfile()
      awareness.off('change', refresh)
      listeners.clear()
    },
  }
}
