import { useCallback, useEffect } from 'react'
import { updateRoom } from '../app/roomIndex'
import { summaryOfView } from '../app/roomSummary'
import { useRoomActivity } from '../notify/useRoomActivity'
import { otherMemberNames } from '../richtext/roomMentions'
import type { Author } from '../room'
import { ConnectionBadge } from '../ui/ConnectionBadge'
import { Composer } from './Composer'
import { MessageList } from './MessageList'
import { ComposeExtras, useCompose } from './message/useCompose'
import { RoomHeader } from './RoomHeader'
import type { RoomController } from './roomController'
import { useConnection, usePresence, useRoomController, useRoomView } from './useRoom'

interface RoomPageProps {
  roomId: string
  me: Author
  /** A message to show (from the URL's hash). */
  focusEntryId?: string | null
}

export function RoomPage({ roomId, me, focusEntryId = null }: RoomPageProps) {
  const controller = useRoomController(roomId, me)
  if (controller === null) return <p className="loading">Opening room…</p>
  return <OpenRoom controller={controller} me={me} focusEntryId={focusEntryId} />
}

function OpenRoom({
  controller,
  me,
  focusEntryId,
}: {
  controller: RoomController
  me: Author
  focusEntryId: string | null
}) {
  const view = useRoomView(controller)
  const state = useConnection(controller)
  const presence = usePresence(controller)
  const { roomId } = controller
  // Before the history is loaded the view is a preview of the newest entries: its counts are not
  // the room's, so the room list and the read count wait for the full view.
  const { loaded } = state
  const compose = useCompose(controller)

  // Only what the room list shows: a reaction or an edit does not rewrite it.
  const { title, preview, lastMessageAt, messageCount } = summaryOfView(view)
  useEffect(() => {
    if (!loaded) return
    updateRoom(roomId, { title, preview, lastMessageAt, messageCount, visitedAt: Date.now() })
  }, [roomId, title, preview, lastMessageAt, messageCount, loaded])

  useRoomActivity(roomId, view, loaded, me)

  const onRead = useCallback(
    (readCount: number) => {
      if (loaded) updateRoom(roomId, { readCount })
    },
    [roomId, loaded],
  )
  return (
    <main className="room">
      <RoomHeader
        roomId={roomId}
        title={view.title}
        setTitle={controller.setTitle}
        presence={presence}
        timeline={view.timeline}
      />
      <ConnectionBadge status={state.status} error={state.error} />
      {!loaded && view.timeline.length > 0 ? (
        <p className="history-pending">
          <span>Loading older messages…</span>
        </p>
      ) : null}
      {loaded || view.timeline.length > 0 ? (
        <MessageList
          view={view}
          durable={state.durable}
          myId={me.id}
          onRead={onRead}
          messages={controller.messages}
          onReply={compose.reply}
          uploads={compose.uploader}
          focusEntryId={focusEntryId}
        />
      ) : (
        <p className="loading">Loading history…</p>
      )}
      <ComposeExtras compose={compose} />
      <Composer
        send={compose.send}
        setTyping={controller.setTyping}
        members={otherMemberNames(view.members, me.id)}
      />
    </main>
  )
}
