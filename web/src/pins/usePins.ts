import { useSyncExternalStore } from 'react'
import type { RoomController } from '../chat/roomController'
import type { PinBoard } from './pinRules'

/** The room's pins as plain data, current as pin entries arrive. */
export function usePins(controller: Pick<RoomController, 'getPins' | 'subscribePins'>): PinBoard {
  return useSyncExternalStore(controller.subscribePins, controller.getPins)
}
