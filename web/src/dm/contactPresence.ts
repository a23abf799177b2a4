// Whether each contact is around, and whether they are calling you: their presence in the room the
// two of you share (only the two of you know its id), never in a public room. Each contact's room is kept connected while the app
// is open, without storing it (the room itself is stored when it is opened).
import { isCallingMe } from '../calls/ringing'
import { readPresence } from '../chat/presence'
import { createPresenceChecker, keepPresenceProven } from '../chat/presenceProofs'
import type { Signer } from '../identity/signer'
import { createEd25519Verifier } from '../identity/verifier'
import { openRoom, type RoomConnection, type RoomUser } from '../sync'
import type { Contact } from './dmStore'

export interface ContactPresence {
  isOnline(key: string): boolean
  /** In a call in the room the two of you share, that you are not in: an incoming call. */
  isCalling(key: string): boolean
  subscribe(listener: () => void): () => void
  /** Follows exactly these contacts (opens new ones' rooms, closes the rest). */
  follow(contacts: readonly Contact[]): void
  close(): void
}

function toggle(set: Set<string>, key: string, on: boolean): void {
  if (on) set.add(key)
  else set.delete(key)
}

/** `me` with `signer`'s key: this person's presence is proven in each room, as others' must be. */
export function watchContacts(me: RoomUser, signer: Signer): ContactPresence {
  const verify = createEd25519Verifier()
  const rooms = new Map<string, { connection: RoomConnection; stop(): void }>()
  const online = new Set<string>()
  const calling = new Set<string>()
  const listeners = new Set<() => void>()
  const changed = () => {
    for (const listener of listeners) listener()
  }
  const open = (contact: Contact) => {
    const connection = openRoom(contact.room, { user: me, persist: false })
    const proven = keepPresenceProven(contact.room, connection.awareness, signer)
    const checker = createPresenceChecker(contact.room, verify, () => update())
    const proves = (clientId: number, key: string, proof: unknown) =>
      checker.isProven(clientId, key, proof, Date.now())
    const update = () => {
      const present = readPresence(connection.awareness.getStates(), me.id, proves).online
      const here = present.some((user) => user.id === contact.key)
      const calls = isCallingMe(present, contact.key)
      if (here === online.has(contact.key) && calls === calling.has(contact.key)) return
      toggle(online, contact.key, here)
      toggle(calling, contact.key, calls)
      changed()
    }
    connection.awareness.on('change', update)
    rooms.set(contact.key, {
      connection,
      stop: () => {
        proven.stop()
        connection.awareness.off('change', update)
      },
    })
  }
  const drop = (key: string) => {
    const room = rooms.get(key)
    if (room === undefined) return
    room.stop()
    void room.connection.close()
    rooms.delete(key)
    const was = online.delete(key)
    if (calling.delete(key) || was) changed()
  }
  return {
    isOnline: (key) => online.has(key),
    isCalling: (key) => calling.has(key),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    follow(contacts) {
      const wanted = new Set(contacts.map((contact) => contact.key))
      for (const key of [...rooms.keys()]) if (!wanted.has(key)) drop(key)
      for (const contact of contacts) if (!rooms.has(contact.key)) open(contact)
    },
    close() {
      for (const key of [...rooms.keys()]) drop(key)
      listeners.clear()
    },
  }
}
