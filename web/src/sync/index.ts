export { type ConnectionStatus, OFFLINE_AFTER_FAILURES } from './connectionStatus'
export { deleteLocalRoom } from './deleteLocalRoom'
export type { StateVector } from './durable'
export { type FoldedRoom, type FoldedRoomOptions, openFoldedRoom } from './foldedRoom'
export {
  type LocalRecords,
  type OpenRoomOptions,
  openRoom,
  type PresenceState,
  type RoomConnection,
  type RoomState,
  type RoomUser,
} from './openRoom'
export { type ItemRange, type Refusal, type RefusalMatch, refusalOf, unstoredRanges } from './refusals'
export type { Signal, SignalChannel, SignalUndelivered } from './signals'
export { type CachedView, foldCachedView } from './viewCache'
