export { type ConnectionStatus, OFFLINE_AFTER_FAILURES } from './connectionStatus'
export type { StateVector } from './durable'
export {
  type OpenRoomOptions,
  openRoom,
  type PresenceState,
  type RoomConnection,
  type RoomState,
  type RoomUser,
} from './openRoom'
export { type CachedView, foldCachedView } from './viewCache'
