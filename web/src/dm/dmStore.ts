// What this device decided about direct messages, per identity: the contacts (people it shares a
// direct message room with), the invitations it ignored and the people it blocked. Kept in
// localStorage beside the room list; tabs hear each other's changes through `storage` events.

const PREFIX = 'parley.dm.'
const CHANGED_EVENT = 'parley:dm-changed'
const MAX_CONTACTS = 500
const MAX_LIST = 1000

export interface Contact {
  key: string
  room: string
  /** The name they gave themselves when this device last saw it (a claim, for the list). */
  name: string
  since: number
}

export interface DirectMessageState {
  contacts: readonly Contact[]
  /** Rooms of invitations ignored (they may invite again: a new room is not possible, the same stays ignored). */
  ignored: readonly string[]
  /** Keys whose invitations no longer appear. */
  blocked: readonly string[]
}

const EMPTY: DirectMessageState = { contacts: [], ignored: [], blocked: [] }

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string').slice(0, MAX_LIST)
    : []
}

function isContact(value: unknown): value is Contact {
  const contact = value as Partial<Contact> | null
  return (
    typeof contact?.key === 'string' &&
    typeof contact.room === 'string' &&
    typeof contact.name === 'string' &&
    typeof contact.since === 'number'
  )
}

export function loadDirectMessages(me: string, storage: Storage = localStorage): DirectMessageState {
  try {
    const value = JSON.parse(storage.getItem(PREFIX + me) ?? 'null') as Record<string, unknown> | null
    if (value === null || typeof value !== 'object') return EMPTY
    const contacts = Array.isArray(value.contacts)
      ? value.contacts.filter(isContact).slice(0, MAX_CONTACTS)
      : []
    return { contacts, ignored: strings(value.ignored), blocked: strings(value.blocked) }
  } catch {
    return EMPTY
  }
}

function save(me: string, state: DirectMessageState, storage: Storage = localStorage): void {
  storage.setItem(PREFIX + me, JSON.stringify(state))
  globalThis.dispatchEvent?.(new Event(CHANGED_EVENT))
}

export function subscribeDirectMessages(listener: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith(PREFIX)) listener()
  }
  addEventListener(CHANGED_EVENT, listener)
  addEventListener('storage', onStorage)
  return () => {
    removeEventListener(CHANGED_EVENT, listener)
    removeEventListener('storage', onStorage)
  }
}

/** Adds (or renames) a contact; a blocked person becomes unblocked when you message them yourself. */
export function addContact(me: string, contact: Contact): void {
  const state = loadDirectMessages(me)
  const others = state.contacts.filter((known) => known.key !== contact.key)
  save(me, {
    contacts: [contact, ...others],
    ignored: state.ignored.filter((room) => room !== contact.room),
    blocked: state.blocked.filter((key) => key !== contact.key),
  })
}

export function ignoreInvitation(me: string, room: string): void {
  const state = loadDirectMessages(me)
  if (!state.ignored.includes(room)) save(me, { ...state, ignored: [...state.ignored, room] })
}

/** Blocks `key`: their invitations no longer appear, and they leave the contacts. */
export function blockPerson(me: string, key: string): void {
  const state = loadDirectMessages(me)
  save(me, {
    contacts: state.contacts.filter((contact) => contact.key !== key),
    ignored: state.ignored,
    blocked: state.blocked.includes(key) ? state.blocked : [...state.blocked, key],
  })
}
