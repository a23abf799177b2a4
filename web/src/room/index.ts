export { firstLine, hasReacted } from './annotate'
export {
  appendEdit,
  appendJoin,
  appendMessage,
  appendProfile,
  appendReaction,
  appendRetract,
  appendTitle,
  appendTopic,
} from './append'
export {
  type Attachment,
  blobUrl,
  checkAttachment,
  isInlineImage,
  isVoice,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  MAX_VOICE_MS,
  MAX_WAVEFORM_BARS,
} from './attachments'
export { checkDraft, checkProfile, type MessageDraft, type NewEntry, type ProfileDraft } from './bodies'
export {
  addedItems,
  createFold,
  type FoldOptions,
  foldLog,
  type RoomFold,
  type VerifiedState,
} from './fold'
export { createRoomId, isRoomId, randomId, roomIdFromLink } from './ids'
export * from './limits'
export { appendCopies, getLog, isDurable, LOG_NAME, type LogId } from './log'
export { entriesInRanges, entriesNotIn, type IdRange, type LoggedEntry } from './logEntries'
export { type LogValue, readLogValue } from './logValue'
export { beats } from './profiles'
export {
  colorFromId,
  ENTRY_VERSION,
  type Entry,
  LEGACY_PREFIX,
  type ProfileEntry,
  type ProfileFields,
  USER_COLORS,
} from './schema'
export { TRUST_NOTHING, type Trust } from './slots'
export type { ThreadView } from './threads'
export type {
  Author,
  IgnoredCounts,
  Member,
  MessageItem,
  PreviewPlacement,
  Quote,
  ReactionSummary,
  RoomSnapshot,
  TimelineItem,
  Verification,
} from './timeline'
export { type Appended, createRoomWriter, type RoomWriter } from './writer'
