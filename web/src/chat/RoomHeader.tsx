import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { NotificationControl } from '../notify/NotificationControl'
import type { Author, RoomSnapshot, TimelineItem } from '../room'
import { SearchPanel } from '../search/SearchPanel'
import { Avatar } from '../ui/Avatar'
import type { Presence } from './presence'
import { RoomInfo } from './RoomInfo'

interface RoomHeaderProps {
  roomId: string
  title: string | null
  setTitle(title: string): string | null
  presence: Presence
  /** The room's messages, for searching this room. */
  timeline: readonly TimelineItem[]
  /** Verified profiles by key: who is online is shown as their profile says. */
  people: ReadonlyMap<string, Author>
  verification: RoomSnapshot['verification']
}

function TitleEditor({
  title,
  setTitle,
  done,
}: {
  title: string
  setTitle: RoomHeaderProps['setTitle']
  done(): void
}) {
  const [value, setValue] = useState(title)
  const [error, setError] = useState<string | null>(null)
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  // The user just asked to edit the title: put the caret there.
  useEffect(() => input.current?.focus(), [])
  const save = (event: FormEvent) => {
    event.preventDefault()
    const problem = value.trim() === title ? null : setTitle(value)
    setError(problem)
    if (problem === null) done()
  }
  return (
    <form className="title-editor" onSubmit={save}>
      <label htmlFor={id}>Room title</label>
      <input
        id={id}
        ref={input}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        maxLength={400}
      />
      <button type="submit">Save</button>
      <button type="button" onClick={done}>
        Cancel
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  )
}

function CopyLink() {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(location.href)
      setCopied('copied')
    } catch {
      setCopied('failed')
    }
  }
  return (
    <span className="copy-link">
      <button type="button" onClick={copy}>
        Copy link
      </button>
      <span aria-live="polite">
        {copied === 'copied' ? 'Link copied' : null}
        {copied === 'failed' ? (
          <input readOnly value={location.href} aria-label="Room link" onFocus={(e) => e.target.select()} />
        ) : null}
      </span>
    </span>
  )
}

function PresenceLine({ presence, people }: { presence: Presence; people: ReadonlyMap<string, Author> }) {
  // Presence is not signed: a key with a verified profile in this room is shown as that profile says.
  const shown = (user: Presence['online'][number]) => people.get(user.id) ?? { ...user, avatar: null }
  const typing = presence.typing.map((user) => shown(user).name)
  return (
    <div className="presence">
      <ul className="online" aria-label="Online now">
        {presence.online.map((user) => {
          const { name, color, avatar } = shown(user)
          return (
            <li key={user.id} style={{ '--user-color': color } as React.CSSProperties}>
              <Avatar name={name} color={color} avatar={avatar} />
              {name}
              {user.isMe ? ' (you)' : ''}
            </li>
          )
        })}
      </ul>
      <p className="typing" aria-live="polite">
        {typing.length === 0 ? '' : `${typing.join(', ')} ${typing.length === 1 ? 'is' : 'are'} typing…`}
      </p>
    </div>
  )
}

function SearchToggle({ searching, toggle }: { searching: boolean; toggle(): void }) {
  return (
    <button type="button" className="secondary" aria-expanded={searching} onClick={toggle}>
      Search
    </button>
  )
}

export function RoomHeader({
  roomId,
  title,
  setTitle,
  presence,
  timeline,
  people,
  verification,
}: RoomHeaderProps) {
  const [editing, setEditing] = useState(false)
  const [searching, setSearching] = useState(false)
  return (
    <header className="room-header">
      <div className="room-title-row">
        <a className="home-link" href="/" aria-label="All rooms">
          ←
        </a>
        {editing ? (
          <TitleEditor title={title ?? ''} setTitle={setTitle} done={() => setEditing(false)} />
        ) : (
          <>
            <h1>{title ?? 'Untitled room'}</h1>
            <button type="button" className="secondary" onClick={() => setEditing(true)}>
              {title ? 'Rename' : 'Set title'}
            </button>
          </>
        )}
        <CopyLink />
        <SearchToggle searching={searching} toggle={() => setSearching((was) => !was)} />
        <NotificationControl roomId={roomId} />
      </div>
      {searching ? (
        <SearchPanel open={{ roomId, title, timeline }} onChoose={() => setSearching(false)} autoFocus />
      ) : null}
      <PresenceLine presence={presence} people={people} />
      <RoomInfo verification={verification} unverified={timeline.some((item) => !item.author.verified)} />
    </header>
  )
}
