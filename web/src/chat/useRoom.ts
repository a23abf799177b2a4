// Hooks that open a room and return plain data from it.
import { useEffect, useState, useSyncExternalStore } from 'react'
import type { RoomSnapshot } from '../room'
import type { RoomState } from '../sync'
import type { Presence } from './presence'
import type { RefusedEntry } from './refusal/refusedEntries'
import { createRoomController, type RoomController } from './roomController'
import type { RoomIdentity } from './roomIdentity'

/** Opens the room while the component is mounted; null during the first render. */
export function useRoomController(roomId: string, me: RoomIdentity): RoomController | null {
  const [controller, setController] = useState<RoomController | null>(null)
  useEffect(() => {
    const opened = createRoomController(roomId, me)
    setController(opened)
    return () => {
      void opened.close()
      setController(null)
    }
  }, [roomId, me])
  return controller
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
