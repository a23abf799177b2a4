import { type FormEvent, type ReactNode, useId, useState } from 'react'
import type { RoomSummary } from '../app/roomIndex'
import { navigate, SETTINGS_PATH, searchPath } from '../app/route'
import type { LocalProfile } from '../identity/profile'
import { Avatar } from '../ui/Avatar'
import { matchRooms } from './matchRooms'
import { RoomLink } from './RoomLink'
import './sidebar.css'

interface SidebarProps {
  /** In sidebar order (most recent activity first). */
  rooms: readonly RoomSummary[]
  currentRoomId: string | null
  /** Whether the settings page is the one shown (its link is marked current). */
  settingsShown: boolean
  profile: LocalProfile
  onNewRoom(): void
  onShowShortcuts(): void
  /**
   * The "Direct messages" section, once direct messages exist (issue 9): rendered under the rooms
   * as it is given, so an empty list shows nothing rather than an empty heading.
   */
  directMessages?: ReactNode
}

/** Filters the list as you type; Enter searches the messages of every room for the words. */
function RoomSearch({ query, setQuery }: { query: string; setQuery(query: string): void }) {
  const id = useId()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    navigate(searchPath(query.trim()))
  }
  return (
    <search className="sidebar-search">
      <form onSubmit={submit}>
        <label htmlFor={id} className="visually-hidden">
          Find a room
        </label>
        <input
          id={id}
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && query !== '') {
              event.stopPropagation()
              setQuery('')
            }
          }}
          placeholder="Find a room"
          autoComplete="off"
        />
      </form>
      {query.trim() !== '' ? (
        <a className="sidebar-search-messages" href={searchPath(query.trim())}>
          Search messages for “{query.trim()}”
        </a>
      ) : null}
    </search>
  )
}

/** Your rooms, with unread and mention badges; new room, search, you and Settings. */
export function Sidebar(props: SidebarProps) {
  const { rooms, currentRoomId, settingsShown, profile, onNewRoom, onShowShortcuts } = props
  const { directMessages = null } = props
  const [query, setQuery] = useState('')
  const shown = matchRooms(rooms, query)
  const headingId = useId()
  return (
    <nav className="sidebar" aria-label="Rooms">
      <div className="sidebar-head">
        <a className="brand" href="/">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          Parley
        </a>
        <button type="button" className="primary new-room" onClick={onNewRoom}>
          New room
        </button>
      </div>
      <RoomSearch query={query} setQuery={setQuery} />
      <section className="sidebar-section" aria-labelledby={headingId}>
        <h2 id={headingId} className="sidebar-heading">
          Rooms
        </h2>
        {rooms.length === 0 ? (
          <p className="sidebar-empty">Rooms you open on this device appear here.</p>
        ) : null}
        {rooms.length > 0 && shown.length === 0 ? (
          <p className="sidebar-empty">No room by that name.</p>
        ) : null}
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: the links inside handle keys; this only hears their activation */}
        <ul className="room-list" onClick={() => setQuery('')}>
          {shown.map((room) => (
            <RoomLink key={room.id} room={room} current={room.id === currentRoomId} />
          ))}
        </ul>
      </section>
      {directMessages}
      <div className="sidebar-foot">
        <a className="sidebar-me" href={SETTINGS_PATH} aria-current={settingsShown ? 'page' : undefined}>
          <Avatar name={profile.name} color={profile.color} avatar={profile.avatar} size="medium" />
          <span className="sidebar-me-name">{profile.name}</span>
          <span className="visually-hidden">: </span>
          <span className="sidebar-me-settings">Settings</span>
        </a>
        <button type="button" className="secondary shortcuts-button" onClick={onShowShortcuts}>
          <span aria-hidden="true">?</span>
          <span className="visually-hidden">Keyboard shortcuts</span>
        </button>
      </div>
    </nav>
  )
}
