import { type FormEvent, useCallback, useEffect, useId, useState } from 'react'
import { loadRooms, mentionCount, type RoomSummary, subscribeRooms, unreadCount } from '../app/roomIndex'
import { navigate, roomPath, SETTINGS_PATH } from '../app/route'
import type { LocalProfile } from '../identity/profile'
import { createRoomId, roomIdFromLink } from '../room'
import { SearchPanel } from '../search/SearchPanel'
import { Avatar } from '../ui/Avatar'
import { formatDay, formatTime } from '../ui/format'
import './home.css'
import { type Reader, useBackgroundSync } from './useBackgroundSync'

interface HomePageProps {
  me: Reader
  profile: LocalProfile
}

function JoinForm() {
  const [link, setLink] = useState('')
  const [error, setError] = useState<string | null>(null)
  const id = useId()
  const join = (event: FormEvent) => {
    event.preventDefault()
    const roomId = roomIdFromLink(link)
    if (roomId === null) setError('That is not a Parley room link.')
    else navigate(roomPath(roomId))
  }
  return (
    <form className="join-form" onSubmit={join}>
      <label htmlFor={id}>Room link</label>
      <input
        id={id}
        value={link}
        onChange={(event) => setLink(event.target.value)}
        placeholder="https://…/r/…"
      />
      <button type="submit">Join</button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  )
}

function RoomRow({ room }: { room: RoomSummary }) {
  const unread = unreadCount(room)
  const mentioned = mentionCount(room)
  const when = room.lastMessageAt
  return (
    <li className="room-row">
      <a href={roomPath(room.id)}>
        <span className="room-row-title">{room.title ?? 'Untitled room'}</span>
        {unread > 0 ? (
          <span className="unread">
            {unread}
            <span className="visually-hidden"> unread</span>
          </span>
        ) : null}
        {mentioned > 0 ? (
          <span className="mentions" title="Mentions of you">
            @{mentioned}
            <span className="visually-hidden"> {mentioned === 1 ? 'mention' : 'mentions'}</span>
          </span>
        ) : null}
        <span className="room-row-preview">{room.preview ?? 'No messages yet'}</span>
        {when ? (
          <span className="room-row-time">
            {formatDay(when)} {formatTime(when)}
          </span>
        ) : null}
      </a>
    </li>
  )
}

export function HomePage({ me, profile }: HomePageProps) {
  const [rooms, setRooms] = useState(loadRooms)
  const reload = useCallback(() => setRooms(loadRooms()), [])
  useEffect(() => subscribeRooms(reload), [reload])
  useBackgroundSync(rooms, me, reload)
  useEffect(() => {
    document.title = 'Parley'
  }, [])
  return (
    <main className="home">
      <h1>Parley</h1>
      <section aria-label="New room" className="home-actions">
        <button type="button" className="primary" onClick={() => navigate(roomPath(createRoomId()))}>
          New room
        </button>
        <JoinForm />
      </section>
      <section aria-labelledby="rooms-heading">
        <h2 id="rooms-heading">Your rooms</h2>
        {rooms.length === 0 ? <p>Rooms you open on this device appear here.</p> : null}
        <ul className="room-list">
          {rooms.map((room) => (
            <RoomRow key={room.id} room={room} />
          ))}
        </ul>
      </section>
      {rooms.length > 0 ? (
        <section aria-label="Search">
          <SearchPanel />
        </section>
      ) : null}
      <section aria-label="Profile" className="home-profile">
        <Avatar name={profile.name} color={profile.color} avatar={profile.avatar} />
        <span>
          You are <strong>{profile.name}</strong>
          {profile.status ? ` · ${profile.status}` : ''}
        </span>
        <a href={SETTINGS_PATH}>Settings</a>
      </section>
    </main>
  )
}
