// Keeps this person's inbox synced and opens every invitation in it that is for them (see
// invitation.ts). Entries that do not open (someone else's, tampered, junk) are skipped quietly:
// anyone may write an invitation, and only the ones that verify mean anything.
import { entryIdOf, parseEnvelope } from '@parley/protocol'
import { getLog } from '../room'
import { openRoom, type RoomUser } from '../sync'
import { inboxRoomOf } from './dmRoom'
import { type Invitation, openInvitation } from './invitation'
import type { KeyAgreement } from './keyAgreement'

/** Entries opened between two yields to the page: a flooded inbox never blocks it for long. */
const OPEN_BATCH = 64

export interface InboxWatcher {
  getInvitations(): readonly Invitation[]
  subscribe(listener: () => void): () => void
  close(): void
}

export function watchInbox(me: { key: string; agreement: KeyAgreement; user: RoomUser }): InboxWatcher {
  let invitations: readonly Invitation[] = []
  const seen = new Set<string>()
  const listeners = new Set<() => void>()
  let closed = false
  let connection: ReturnType<typeof openRoom> | null = null
  let stopObserving = () => {}

  const read = async () => {
    if (connection === null || closed) return
    const found: Invitation[] = []
    // Newest first: anyone may write junk into an inbox, and what was just sent matters most.
    const values = getLog(connection.doc).toArray().reverse()
    let opened = 0
    for (const value of values) {
      const envelope = parseEnvelope(value)
      if (typeof envelope === 'string') continue
      const id = entryIdOf(envelope)
      if (seen.has(id)) continue
      seen.add(id)
      const invitation = await openInvitation(envelope.body, me)
      if (invitation !== null) found.push(invitation)
      if (++opened % OPEN_BATCH === 0) await new Promise((resolve) => setTimeout(resolve, 0))
      if (closed) return
    }
    if (found.length === 0 || closed) return
    invitations = [...invitations, ...found]
    for (const listener of listeners) listener()
  }
  // Reads run one after another, so an entry is never opened twice at once.
  let reading: Promise<void> = Promise.resolve()
  const schedule = () => {
    reading = reading.then(read, read)
  }

  void inboxRoomOf(me.key).then((inbox) => {
    if (closed) return
    connection = openRoom(inbox, { user: me.user, presence: false })
    const log = getLog(connection.doc)
    log.observe(schedule)
    stopObserving = () => log.unobserve(schedule)
    void connection.whenLoaded.then(schedule)
  })

  return {
    getInvitations: () => invitations,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      closed = true
      stopObserving()
      listeners.clear()
      void connection?.close()
    },
  }
}
