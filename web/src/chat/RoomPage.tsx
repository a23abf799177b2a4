import { useCallback, useEffect } from 'react'
import { updateRoom } from '../app/roomIndex'
import type { Author } from '../room'
import { ConnectionBadge } from '../ui/ConnectionBadge'
import { Composer } from './Composer'
import { MessageList } from './MessageList'
import { RoomHeader } from './RoomHeader'
import type { RoomController } from './roomController'
import { useConnection, usePresence, useRoomController, useRoomView } from './useRoom'

export function RoomPage({ roomId, me }: { roomId: string; me: Author }) {
  const controller = useRoomController(roomId, me)
  if (controller === null) return <p className="loading">Opening room…</p>
  return <OpenRoom controller={controller} me={me} />
}

function OpenRoom({ controller, me }: { controller: RoomController; me: Author }) {
  const view = useRoomView(controller)
  const state = useConnection(controller)
  const presence = usePresence(controller)
  const { roomId } = controller
  const last = view.lastMessage

  useEffect(() => {
    updateRoom(roomId, {
      title: view.title,
      preview: last?.kind === 'message' ? `${last.author.name}: ${last.text}` : null,
      lastMessageAt: last?.ts ?? null,
      messageCount: view.messageCount,
      visitedAt: Date.now(),
    })
  }, [roomId, view.title, view.messageCount, last])

  useEffect(() => {
    document.title = view.title ? `${view.title} · Parley` : 'Parley'
  }, [view.title])

  const onRead = useCallback((readCount: number) => updateRoom(roomId, { readCount }), [roomId])
  return (
    <main className="room">
      <RoomHeader title={view.title} setTitle={controller.setTitle} presence={presence} />
      <ConnectionBadge status={state.status} error={state.error} />
      {state.loaded ? (
        <MessageList view={view} durable={state.durable} myId={me.id} onRead={onRead} />
      ) : (
        <p className="loading">Loading history…</p>
      )}
      <Composer send={controller.send} setTyping={controller.setTyping} />
    </main>
  )
}
