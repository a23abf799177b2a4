import { type FormEvent, useEffect, useId, useState } from 'react'
import { navigate, roomPath, SETTINGS_PATH } from '../app/route'
import type { LocalProfile } from '../identity/profile'
import { roomIdFromLink } from '../room'
import { Avatar } from '../ui/Avatar'
import './home.css'

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

/**
 * What sits beside the sidebar when no room is open (and under the list on a phone): how to start,
 * joining by a link, and who you are.
 */
export function HomePage({ profile, hasRooms }: { profile: LocalProfile; hasRooms: boolean }) {
  useEffect(() => {
    document.title = 'Parley'
  }, [])
  return (
    <main className="home">
      <h1>Parley</h1>
      <p className="home-intro">
        {hasRooms
          ? 'Pick a room, or press Ctrl+K to jump to one by name.'
          : 'Start a room with New room and share its link, or join one by its link.'}
      </p>
      <section aria-label="Join a room" className="home-actions">
        <JoinForm />
      </section>
      <section aria-label="Profile" className="home-profile">
        <Avatar name={profile.name} color={profile.color} avatar={profile.avatar} size="large" />
        <span>
          You are <strong>{profile.name}</strong>
          {profile.status ? ` · ${profile.status}` : ''}
        </span>
        <a href={SETTINGS_PATH}>Settings</a>
      </section>
    </main>
  )
}
