import { mentionCount, type RoomSummary, unreadCount } from '../app/roomIndex'
import { roomPath } from '../app/route'
import { useActiveCall } from '../calls/activeCalls'
import { colorFromId } from '../room'
import { Avatar } from '../ui/Avatar'
import { formatDay, formatTime } from '../ui/format'
import { roomName } from './matchRooms'

/** Badges read as words to a screen reader ("3 unread, 1 mention") and as counts on screen. */
function Badges({ room, inCall }: { room: RoomSummary; inCall: readonly string[] }) {
  const unread = unreadCount(room)
  const mentioned = mentionCount(room)
  return (
    <span className="room-badges">
      {inCall.length > 0 ? (
        <span className="room-row-call" title={`In the call: ${inCall.join(', ')}`}>
          <span aria-hidden="true">📞{inCall.length}</span>
          <span className="visually-hidden">call with {inCall.join(', ')}</span>
        </span>
      ) : null}
      {mentioned > 0 ? (
        <span className="mentions" title="Mentions of you">
          @{mentioned}
          <span className="visually-hidden"> {mentioned === 1 ? 'mention' : 'mentions'}</span>
        </span>
      ) : null}
      {unread > 0 ? (
        <span className="unread">
          {unread}
          <span className="visually-hidden"> unread</span>
        </span>
      ) : null}
    </span>
  )
}

/** One room in the sidebar: its face, name, newest message and counts; the current one is marked. */
export function RoomLink({ room, current }: { room: RoomSummary; current: boolean }) {
  const when = room.lastMessageAt
  const name = roomName(room)
  const inCall = useActiveCall(room.id)
  return (
    <li className={unreadCount(room) > 0 ? 'room-row room-row-unread' : 'room-row'}>
      <a href={roomPath(room.id)} aria-current={current ? 'page' : undefined} data-room-id={room.id}>
        <Avatar name={name} color={colorFromId(room.id)} avatar={null} shape="square" />
        <span className="room-row-title">{name}</span>
        <Badges room={room} inCall={inCall} />
        <span className="room-row-preview">{room.preview ?? 'No messages yet'}</span>
        {when ? (
          <time className="room-row-time" dateTime={new Date(when).toISOString()}>
            {formatDay(when)} {formatTime(when)}
          </time>
        ) : null}
      </a>
    </li>
  )
}
