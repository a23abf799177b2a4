// Direct messages for the app: the contacts (with whether each is online), the invitations waiting
// in this person's inbox, and what can be done about them. One per identity, in the Shell.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react'
import { navigate, roomPath } from '../app/route'
import type { Identity } from '../identity/identity'
import type { Author } from '../room'
import { type ContactPresence, watchContacts } from './contactPresence'
import {
  addContact,
  blockPerson,
  type Contact,
  ignoreInvitation,
  loadDirectMessages,
  subscribeDirectMessages,
} from './dmStore'
import { type InboxWatcher, watchInbox } from './inboxWatcher'
import type { Invitation } from './invitation'
import { pendingInvitations } from './pendingInvitations'
import { startDirectMessage } from './startDirectMessage'

export interface ContactView extends Contact {
  online: boolean
  /** In a call in your direct-message room that you are not in. */
  calling: boolean
}

export interface DirectMessages {
  contacts: readonly ContactView[]
  invitations: readonly Invitation[]
  /** Rooms that are direct messages (the room list leaves them to the Direct messages section). */
  rooms: ReadonlySet<string>
  /** Null when this browser has no X25519, or `author` publishes no key for direct messages. */
  canMessage(author: Author): boolean
  /** Opens the direct message with `author` (starting it first); resolves with why not, or null. */
  message(author: Author): Promise<string | null>
  accept(invitation: Invitation): void
  ignore(invitation: Invitation): void
  block(key: string): void
}

export const DirectMessagesContext = createContext<DirectMessages | null>(null)

export function useDirectMessagesContext(): DirectMessages | null {
  return useContext(DirectMessagesContext)
}

function useStore(me: string) {
  const [state, setState] = useState(() => loadDirectMessages(me))
  useEffect(() => {
    setState(loadDirectMessages(me))
    return subscribeDirectMessages(() => setState(loadDirectMessages(me)))
  }, [me])
  return state
}

const NO_INVITATIONS: readonly Invitation[] = []
/** At the latest this long after the app starts, even on a page that never goes idle. */
const START_BY_MS = 1_500

/** Runs `task` when the page is next idle (or after START_BY_MS); returns what cancels it. */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(task, { timeout: START_BY_MS })
    return () => cancelIdleCallback(handle)
  }
  const timer = setTimeout(task, 0)
  return () => clearTimeout(timer)
}

function useWatchers(identity: Identity) {
  const { key, agreement, signer } = identity
  const { name, color } = identity.profile
  const [inbox, setInbox] = useState<InboxWatcher | null>(null)
  const [presence, setPresence] = useState<ContactPresence | null>(null)
  // Presence carries the name: a new name reopens the watchers (rare).
  const user = useMemo(() => ({ id: key, name, color }), [key, name, color])
  useEffect(() => {
    if (agreement === null) return
    // The inbox and the contacts' rooms open once the page is idle, so the room being opened
    // paints first (they cost the first paint ~90 ms when they opened beside it).
    let stop = () => {}
    const start = () => {
      const watcher = watchInbox({ key, agreement, user })
      const contacts = watchContacts(user, signer)
      setInbox(watcher)
      setPresence(contacts)
      stop = () => {
        watcher.close()
        contacts.close()
      }
    }
    const cancel = whenIdle(start)
    return () => {
      cancel()
      stop()
    }
  }, [key, agreement, user, signer])
  return { inbox, presence }
}

export function useDirectMessages(identity: Identity): DirectMessages {
  const { key: me, agreement } = identity
  const state = useStore(me)
  const { inbox, presence } = useWatchers(identity)
  const opened = useSyncExternalStore(
    useCallback((listener) => inbox?.subscribe(listener) ?? (() => {}), [inbox]),
    () => inbox?.getInvitations() ?? NO_INVITATIONS,
  )
  const [presenceVersion, setPresenceVersion] = useState(0)
  useEffect(() => presence?.subscribe(() => setPresenceVersion((n) => n + 1)), [presence])
  useEffect(() => presence?.follow(state.contacts), [presence, state.contacts])
  const sender = useMemo(
    () =>
      agreement === null
        ? null
        : {
            key: me,
            signer: identity.signer,
            agreement,
            name: identity.profile.name,
            color: identity.profile.color,
          },
    [me, agreement, identity.signer, identity.profile.name, identity.profile.color],
  )
  return useMemo(() => {
    void presenceVersion
    const contacts = state.contacts.map((contact) => ({
      ...contact,
      online: presence?.isOnline(contact.key) ?? false,
      calling: presence?.isCalling(contact.key) ?? false,
    }))
    return {
      contacts,
      invitations: pendingInvitations(opened, state, me),
      rooms: new Set(state.contacts.map((contact) => contact.room)),
      canMessage: (author) =>
        sender !== null && author.verified && author.id !== me && author.dh !== undefined,
      async message(author) {
        if (sender === null || author.dh === undefined)
          return 'Direct messages are not available with this person.'
        try {
          const room = await startDirectMessage(sender, { key: author.id, dh: author.dh })
          addContact(me, { key: author.id, room, name: author.name, since: Date.now() })
          navigate(roomPath(room))
          return null
        } catch (error) {
          return error instanceof Error ? error.message : String(error)
        }
      },
      accept(invitation) {
        addContact(me, {
          key: invitation.from,
          room: invitation.room,
          name: invitation.name,
          since: Date.now(),
        })
        navigate(roomPath(invitation.room))
      },
      ignore: (invitation) => ignoreInvitation(me, invitation.room),
      block: (key) => blockPerson(me, key),
    }
  }, [state, opened, presence, presenceVersion, sender, me])
}
