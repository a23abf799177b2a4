// Everything a room page does for the user when they are not looking: the room list's mention
// count, the tab title and icon, and desktop notifications.
import { useCallback } from 'react'
import { navigate, roomPath } from '../app/route'
import type { RoomSnapshot } from '../room'
import { useMentionCount } from './useMentionCount'
import { useRoomNotifications } from './useRoomNotifications'

export function useRoomActivity(
  roomId: string,
  view: RoomSnapshot,
  loaded: boolean,
  me: { id: string; name: string },
): void {
  const openEntry = useCallback((entryId: string) => navigate(roomPath(roomId, entryId)), [roomId])
  useMentionCount(roomId, view, loaded, me)
  useRoomNotifications({ roomId, view, loaded, me, openEntry })
}
