// Hooks that open a room and return plain data from it.
import { useEffect, useState, useSyncExternalStore } from 'react'
import type { RoomPool } from '../app/roomPool'
import type { RoomSnapshot } from '../room'
import type { RoomState } from '../sync'
import type { Presence } from './presence'
import type { RefusedEntry } from './refusal/refusedEntries'
import type { RoomController } from './roomController'

/**
 * Shows the room while the component is mounted, taking it from the pool of open rooms. A room
 * still open from a recent visit is there in the first render, so it paints at once; otherwise
 * null until the effect has opened it.
 */
export function usePooledController(pool: RoomPool<RoomController>, roomId: string): RoomController | null {
  const [shown, setShown] = useState(() => pool.peek(roomId))
  useEffect(() => {
    setShown(pool.show(roomId))
    return () => pool.hide(roomId)
  }, [pool, roomId])
  return shown?.roomId === roomId ? shown : null
}

export function useRoomView(controller: RoomController): RoomSnapshot {
  return useSyncExternalStore(controller.subscribeView, controller.getView)
}

export function useConnection(controller: RoomController): RoomState {
  return useSyncExternalStore(controller.subscribeState, controller.getState)
}

export function usePresence(controller: RoomController): Presence {
  return useSyncExternalStore(controller.subscribePresence, controller.getPresence)
}

/** This device's entries the relay refused for good and has not stored. */
export function useRefused(controller: RoomController): readonly RefusedEntry[] {
  return useSyncExternalStore(controller.subscribeRefused, controller.getRefused)
}
