export { firstLine, hasReacted } from './annotate'
export {
  type Attachment,
  blobUrl,
  checkAttachment,
  isInlineImage,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
} from './attachments'
export { createFold, foldLog, type RoomFold } from './fold'
export { createEntryId, createRoomId, isRoomId, randomId, roomIdFromLink } from './ids'
export * from './limits'
export {
  type Appended,
  appendCopies,
  appendEdit,
  appendJoin,
  appendMessage,
  appendReaction,
  appendRetract,
  appendTitle,
  checkDraft,
  getLog,
  isDurable,
  LOG_NAME,
  type LogId,
  type MessageDraft,
} from './log'
export { entriesInRanges, entriesNotIn, type IdRange, type LoggedEntry } from './logEntries'
export { type Author, colorFromId, ENTRY_VERSION, type Entry, parseEntry, USER_COLORS } from './schema'
export type { Member, MessageItem, Quote, ReactionSummary, RoomSnapshot, TimelineItem } from './timeline'
