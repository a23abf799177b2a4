export { createFold, foldLog, type RoomFold } from './fold'
export { createEntryId, createRoomId, isRoomId, randomId, roomIdFromLink } from './ids'
export * from './limits'
export {
  type Appended,
  appendJoin,
  appendMessage,
  appendTitle,
  getLog,
  isDurable,
  LOG_NAME,
  type LogId,
} from './log'
export { type Author, colorFromId, ENTRY_VERSION, type Entry, parseEntry, USER_COLORS } from './schema'
export type { Member, RoomSnapshot, TimelineItem } from './timeline'
