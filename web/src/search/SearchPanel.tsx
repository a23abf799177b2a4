import { useDeferredValue, useEffect, useId, useRef, useState } from 'react'
import { roomPath } from '../app/route'
import { formatBytes } from '../attachments/format'
import { ProfileCard } from '../people/ProfileCard'
import { type Author, blobUrl, isInlineImage } from '../room'
import { Avatar } from '../ui/Avatar'
import { formatDay, formatTime } from '../ui/format'
import type { FileDoc, PersonDoc } from './extras'
import type { OpenRoomView } from './loadRooms'
import type { SearchHit } from './searchIndex'
import { snippet } from './snippet'
import { type Scope, useSearch } from './useSearch'
import './search.css'

interface SearchPanelProps {
  /** The room the panel was opened from; without it only "all rooms" is offered. */
  open?: OpenRoomView | null
  /** Called after a result was chosen (e.g. to close the panel). */
  onChoose?(): void
  /** Focus the search box on mount (when the user just asked to search). */
  autoFocus?: boolean
  /** Words already asked for (the sidebar's search box). */
  initialQuery?: string
}

function Result({ hit, roomTitle }: { hit: SearchHit; roomTitle: string }) {
  const { doc } = hit
  return (
    <li className="search-result">
      <a href={roomPath(doc.roomId, doc.entryId)}>
        <span className="search-meta">
          <span className="search-room">{roomTitle}</span> ·{' '}
          <span className="search-author">{doc.author}</span> ·{' '}
          <time dateTime={new Date(doc.ts).toISOString()}>
            {formatDay(doc.ts)} {formatTime(doc.ts)}
          </time>
        </span>
        <span className="search-snippet">
          {snippet(doc.text, hit.terms).map((part, i) =>
            // biome-ignore lint/suspicious/noArrayIndexKey: parts never reorder
            part.match ? <mark key={i}>{part.text}</mark> : part.text,
          )}
        </span>
      </a>
    </li>
  )
}

function FileResult({ file, roomTitle }: { file: FileDoc; roomTitle: string }) {
  const { attachment } = file
  return (
    <li className="search-result search-file">
      <a href={roomPath(file.roomId, file.entryId)}>
        {isInlineImage(attachment) ? (
          <img className="search-file-preview" src={blobUrl(attachment)} alt="" loading="lazy" />
        ) : (
          <span className="search-file-icon" aria-hidden="true">
            📄
          </span>
        )}
        <span className="search-file-name">{attachment.name}</span>
        <span className="search-meta">
          {attachment.type} · {formatBytes(attachment.size)} ·{' '}
          <span className="search-room">{roomTitle}</span> ·{' '}
          <span className="search-author">{file.author}</span>
        </span>
      </a>
    </li>
  )
}

function PeopleResults({ people, onShow }: { people: readonly PersonDoc[]; onShow(author: Author): void }) {
  if (people.length === 0) return null
  return (
    <ul className="search-results search-people" aria-label="People found">
      {people.map(({ author, roomIds }) => (
        <li key={author.id} className="search-result">
          <button type="button" className="search-person" onClick={() => onShow(author)}>
            <Avatar name={author.name} color={author.color} avatar={author.avatar} />
            <span className="search-person-name">{author.name}</span>
            <span className="search-meta">
              {roomIds.length === 1 ? 'in 1 room' : `in ${roomIds.length} rooms`}
            </span>
          </button>
        </li>
      ))}
    </ul>
  )
}

function ScopeChoice({ scope, setScope }: { scope: Scope; setScope(scope: Scope): void }) {
  const name = useId()
  return (
    <fieldset className="search-scope">
      <legend className="visually-hidden">Search in</legend>
      {(['room', 'all'] as const).map((value) => (
        <label key={value}>
          <input type="radio" name={name} checked={scope === value} onChange={() => setScope(value)} />
          {value === 'room' ? 'This room' : 'All rooms'}
        </label>
      ))}
    </fieldset>
  )
}

/** Search by words in the current room or every room on this device; results link to the message. */
export function SearchPanel({
  open = null,
  onChoose,
  autoFocus = false,
  initialQuery = '',
}: SearchPanelProps) {
  const [query, setQuery] = useState(initialQuery)
  const [scope, setScope] = useState<Scope>(open ? 'room' : 'all')
  const deferred = useDeferredValue(query)
  const { hits, files, people, labels, progress, ready } = useSearch(deferred, scope, open)
  const [card, setCard] = useState<Author | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const inputId = useId()
  useEffect(() => {
    if (autoFocus) input.current?.focus()
  }, [autoFocus])
  const status = !ready
    ? `Indexing rooms… ${progress.done}/${progress.total}`
    : deferred.trim() === ''
      ? ''
      : `${hits.length === 0 ? 'No' : hits.length} message${hits.length === 1 ? '' : 's'} found`
  return (
    <search className="search-panel">
      <label htmlFor={inputId}>Search messages</label>
      <input
        id={inputId}
        ref={input}
        type="search"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        placeholder="Words to find"
      />
      {open ? <ScopeChoice scope={scope} setScope={setScope} /> : null}
      <p className="search-status" role="status">
        {status}
      </p>
      <PeopleResults people={people} onShow={setCard} />
      {files.length > 0 ? (
        // biome-ignore lint/a11y/useKeyWithClickEvents: the links inside handle keys; this only hears their activation
        <ul className="search-results search-files" aria-label="Files found" onClick={() => onChoose?.()}>
          {files.map((file) => (
            <FileResult
              key={`${file.roomId}/${file.entryId}/${file.attachment.hash}`}
              file={file}
              roomTitle={labels.get(file.roomId)?.title ?? 'Untitled room'}
            />
          ))}
        </ul>
      ) : null}
      {card ? <ProfileCard author={card} isMe={false} onClose={() => setCard(null)} /> : null}
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the links inside handle keys; this only hears their activation */}
      <ul className="search-results" aria-label="Search results" onClick={() => onChoose?.()}>
        {hits.map((hit) => (
          <Result
            key={hit.doc.id}
            hit={hit}
            roomTitle={labels.get(hit.doc.roomId)?.title ?? 'Untitled room'}
          />
        ))}
      </ul>
    </search>
  )
}
