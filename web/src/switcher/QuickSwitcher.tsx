import { type KeyboardEvent, useId, useState } from 'react'
import { mentionCount, type RoomSummary, unreadCount } from '../app/roomIndex'
import { colorFromId } from '../room'
import { matchRooms, roomName } from '../sidebar/matchRooms'
import { Avatar } from '../ui/Avatar'
import { Dialog } from '../ui/Dialog'
import './switcher.css'

interface QuickSwitcherProps {
  rooms: readonly RoomSummary[]
  onChoose(roomId: string): void
  onClose(): void
}

/** Most shown at once: the list is for jumping, not browsing. */
const MAX_SHOWN = 12

/**
 * Ctrl/Cmd+K: type part of a room's name, arrows to pick, Enter to go (a combobox with a listbox,
 * the focus staying in the text field).
 */
export function QuickSwitcher({ rooms, onChoose, onClose }: QuickSwitcherProps) {
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const listId = useId()
  const optionId = useId()
  const found = matchRooms(rooms, query).slice(0, MAX_SHOWN)
  const current = Math.min(active, Math.max(0, found.length - 1))
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowDown: current + 1 >= found.length ? 0 : current + 1,
      ArrowUp: current === 0 ? found.length - 1 : current - 1,
    }
    const next = moves[event.key]
    if (next !== undefined) {
      event.preventDefault()
      setActive(Math.max(0, next))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      const room = found[current]
      if (room) onChoose(room.id)
    }
  }
  return (
    <Dialog title="Jump to a room" className="quick-switcher" onClose={onClose} hideTitle>
      <input
        autoFocus
        role="combobox"
        aria-label="Jump to a room"
        aria-expanded={found.length > 0}
        aria-controls={listId}
        aria-activedescendant={found.length > 0 ? `${optionId}-${current}` : undefined}
        aria-autocomplete="list"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value)
          setActive(0)
        }}
        onKeyDown={onKeyDown}
        placeholder="Room name"
        autoComplete="off"
      />
      <div id={listId} role="listbox" aria-label="Rooms" className="switcher-list">
        {found.map((room, index) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox handles the keys for its options
          <div
            key={room.id}
            id={`${optionId}-${index}`}
            role="option"
            tabIndex={-1}
            aria-selected={index === current}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onChoose(room.id)}
          >
            <Avatar name={roomName(room)} color={colorFromId(room.id)} avatar={null} shape="square" />
            <span className="switcher-name">{roomName(room)}</span>
            {mentionCount(room) > 0 ? <span className="mentions">@{mentionCount(room)}</span> : null}
            {unreadCount(room) > 0 ? <span className="unread">{unreadCount(room)}</span> : null}
          </div>
        ))}
      </div>
      {found.length === 0 ? <p className="switcher-empty">No room by that name.</p> : null}
    </Dialog>
  )
}
