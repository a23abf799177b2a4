// The chat schema of one entry in the room's append-only `messages` log.
//
// Every new entry is a signed envelope `{ key, body, sig }` (@parley/protocol envelope.ts). Its
// body is JSON text `{ "v": 2, "type": …, "ts": …, …fields }` with no id and no author: the
// entry's id is the start of its signature and its author is its key, so neither can be claimed.
// Rooms from before signatures keep their unsigned version-1 entries (`{ v: 1, id, author, … }`):
// they are read here too, as *legacy* entries, shown unverified and kept apart (see LEGACY_PREFIX).
//
// Compatibility rules (why no migration is ever needed):
// - Readers ignore entry types they do not know and fields they do not know.
// - `v` changes only if an existing field changes meaning; readers skip entries with a `v` they
//   do not understand instead of guessing.
// - The log is never rewritten: a later entry refers to an earlier one by its id.
import { isModerationType, type ModerationBody, readModerationBody } from '../moderation/controlEntry'
import { type Attachment, isInlineImage, parseAttachments } from './attachments'
import {
  MAX_EMOJI_CHARS,
  MAX_ID_CHARS,
  MAX_NAME_CHARS,
  MAX_STATUS_CHARS,
  MAX_TITLE_CHARS,
  MAX_TOPIC_CHARS,
} from './limits'

export const ENTRY_VERSION = 2
export const LEGACY_ENTRY_VERSION = 1
/**
 * Legacy entry ids, author ids, targets and replies are read with this prefix. A `.` never occurs
 * in base64url, so a legacy id can never equal a signed entry's id or a key: a legacy entry can
 * neither change a signed one nor pass for its author, and signed entries cannot change legacy
 * ones (a signed body may quote one in `replyTo`, which changes nothing).
 */
export const LEGACY_PREFIX = 'v1.'

/** What a legacy entry says about its author: unverified, and applied to that entry alone. */
export interface Claim {
  name: string
  color: string
}

interface EntryBase {
  /** Signed: the first 22 characters of the signature. Legacy: `v1.` + the id it carries. */
  id: string
  /** Signed: the author's public key. Legacy: `v1.` + the author id it claims. */
  authorId: string
  /** Sender's clock in ms since the epoch; for display only, never for ordering. */
  ts: number
  /** Legacy entries only; null for signed ones, whose author comes from their profile entries. */
  claim: Claim | null
}

export interface MessageEntry extends EntryBase {
  type: 'message'
  /** May be empty only when the message carries attachments. */
  text: string
  /** The entry id of the message this one answers. */
  replyTo?: string
  attachments?: Attachment[]
  /**
   * The id of the root message of the thread this is a reply in: shown in the thread, not in the
   * room's timeline (threads.ts). The root need not be in the log yet.
   */
  thread?: string
}

/** Replaces the text of `target`; honoured only when written by the target's author. */
export interface EditEntry extends EntryBase {
  type: 'edit'
  target: string
  text: string
}

/** Removes `target` from view; honoured only when written by the target's author. */
export interface RetractEntry extends EntryBase {
  type: 'retract'
  target: string
}

/**
 * Sets (`on: true`) or clears the author's `emoji` reaction on `target`. Carrying the wanted state
 * rather than "toggle" makes concurrent writes converge: the last one in log order wins everywhere.
 */
export interface ReactionEntry extends EntryBase {
  type: 'reaction'
  target: string
  emoji: string
  on: boolean
}

/** Written the first time a person enters a room. */
export interface JoinEntry extends EntryBase {
  type: 'join'
}

/** The room title set or changed; the last one in log order is current. */
export interface TitleEntry extends EntryBase {
  type: 'title'
  title: string
}

/** The room's topic set, changed or (empty) cleared; the last one in log order is current. */
export interface TopicEntry extends EntryBase {
  type: 'topic'
  topic: string
}

/** How a person presents themselves; the one with the highest `seq` is theirs (profiles.ts). */
export interface ProfileFields {
  name: string
  /** `#rrggbb`; readers replace anything else with a colour derived from the key. */
  color: string
  /** An image attachment (uploaded to the relay by its SHA-256, like any attachment). */
  avatar: Attachment | null
  status: string | null
}

/** Signed entries only: names, colours, avatars and statuses come from nowhere else. */
export interface ProfileEntry extends EntryBase, ProfileFields {
  type: 'profile'
  /** The author's own counter: each profile they write counts one higher than any they saw. */
  seq: number
  /** Their X25519 public key for direct messages (dm/keyAgreement.ts), bound to them by this signature. */
  dh: string | null
}

/**
 * A moderation entry (roles, bans, mutes, members, policy, hiding a message): never shown as an
 * item, folded into the room's rules in log order (web/src/moderation). Signed entries only.
 */
export interface ModerationEntry extends EntryBase {
  type: 'moderation'
  body: ModerationBody
}

export type Entry =
  | ModerationEntry
  | MessageEntry
  | JoinEntry
  | TitleEntry
  | TopicEntry
  | EditEntry
  | RetractEntry
  | ReactionEntry
  | ProfileEntry
/** Entries that change an earlier message instead of adding to the timeline. */
export type ModifierEntry = EditEntry | RetractEntry | ReactionEntry
export type EntryType = Entry['type']

const COLOR = /^#[0-9a-fA-F]{6}$/
const DH_KEY = /^[A-Za-z0-9_-]{43}$/

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isShortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max
}

function hasText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

/** A stable colour for authors whose profile or claim carries none (or a malformed one). */
export function colorFromId(id: string): string {
  let hash = 0
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0
  return USER_COLORS[hash % USER_COLORS.length] ?? '#5b6cf0'
}

export function readColor(value: unknown, id: string): string {
  return typeof value === 'string' && COLOR.test(value) ? value : colorFromId(id)
}

/** Mid-tone colours readable on both the light and the dark theme. */
export const USER_COLORS: readonly string[] = [
  '#d9480f',
  '#c2255c',
  '#9c36b5',
  '#6741d9',
  '#3b5bdb',
  '#1971c2',
  '#0c8599',
  '#099268',
  '#2f9e44',
  '#66a80f',
  '#e67700',
  '#e8590c',
]

/** Maps an id a body refers to onto the id space of its kind (identity for signed entries). */
type Ref = (id: string) => string

function parseMessage(base: EntryBase, value: Record<string, unknown>, ref: Ref): MessageEntry | null {
  const { text, replyTo, attachments, thread } = value
  if (typeof text !== 'string') return null
  const entry: MessageEntry = { ...base, type: 'message', text }
  if (thread !== undefined) {
    if (!isShortString(thread, MAX_ID_CHARS)) return null
    entry.thread = ref(thread)
  }
  if (replyTo !== undefined) {
    // A signed message may quote a legacy one: its `replyTo` then names it with the `v1.` prefix.
    if (!isShortString(replyTo, MAX_ID_CHARS)) return null
    entry.replyTo = ref(replyTo)
  }
  if (attachments !== undefined) {
    const parsed = parseAttachments(attachments)
    if (parsed === null) return null
    entry.attachments = parsed
  }
  return hasText(text) || entry.attachments !== undefined ? entry : null
}

function parseModifier(base: EntryBase, value: Record<string, unknown>, ref: Ref): Entry | null {
  const { type, target, text, emoji, on } = value
  if (!isShortString(target, MAX_ID_CHARS)) return null
  switch (type) {
    case 'edit':
      return hasText(text) ? { ...base, type, target: ref(target), text } : null
    case 'retract':
      return { ...base, type, target: ref(target) }
    case 'reaction':
      return isShortString(emoji, MAX_EMOJI_CHARS) && emoji.trim() === emoji && typeof on === 'boolean'
        ? { ...base, type, target: ref(target), emoji, on }
        : null
    default:
      return null
  }
}

function parseAvatar(value: unknown): Attachment | null {
  const parsed = value === undefined ? null : parseAttachments([value])
  const avatar = parsed?.[0]
  return avatar && isInlineImage(avatar) ? avatar : null
}

function parseProfile(base: EntryBase, value: Record<string, unknown>): ProfileEntry | null {
  const { seq, name, color, avatar, status, dh } = value
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null
  if (!isShortString(name, MAX_NAME_CHARS * 2) || name.trim() === '') return null
  return {
    ...base,
    type: 'profile',
    seq,
    name,
    color: readColor(color, base.authorId),
    // Optional fields that are malformed are dropped, not the whole profile.
    avatar: parseAvatar(avatar),
    status: isShortString(status, MAX_STATUS_CHARS * 2) ? status : null,
    dh: typeof dh === 'string' && DH_KEY.test(dh) ? dh : null,
  }
}

function parseFields(base: EntryBase, value: Record<string, unknown>, ref: Ref): Entry | null {
  switch (value.type) {
    case 'message':
      return parseMessage(base, value, ref)
    case 'join':
      return { ...base, type: 'join' }
    case 'title':
      return isShortString(value.title, MAX_TITLE_CHARS * 2)
        ? { ...base, type: 'title', title: value.title }
        : null
    case 'topic':
      return typeof value.topic === 'string' && value.topic.length <= MAX_TOPIC_CHARS * 2
        ? { ...base, type: 'topic', topic: value.topic }
        : null
    default:
      return parseModifier(base, value, ref)
  }
}

const sameId: Ref = (id) => id
const legacyId: Ref = (id) => LEGACY_PREFIX + id

/**
 * The entry a signed envelope's body holds, given the envelope's id and key, or null for anything
 * malformed or unknown (never throws). The caller has checked the envelope's shape, not its signature.
 */
export function parseBody(body: string, id: string, key: string): Entry | null {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return null
  }
  if (!isRecord(value) || value.v !== ENTRY_VERSION) return null
  if (isModerationType(value.type)) {
    // The relay reads rules without a `ts`; so does the app, or the two would fold differently.
    const moderation = readModerationBody(body, value)
    const ts = typeof value.ts === 'number' && Number.isFinite(value.ts) ? value.ts : 0
    return moderation && { id, authorId: key, ts, claim: null, type: 'moderation', body: moderation }
  }
  const { ts } = value
  if (typeof ts !== 'number' || !Number.isFinite(ts)) return null
  const base: EntryBase = { id, authorId: key, ts, claim: null }
  return value.type === 'profile' ? parseProfile(base, value) : parseFields(base, value, sameId)
}

/** A legacy (version 1, unsigned) entry, in the legacy id space; null for anything else. */
export function parseLegacyEntry(value: unknown): Entry | null {
  if (!isRecord(value) || value.v !== LEGACY_ENTRY_VERSION) return null
  const { id, ts, author } = value
  if (!isShortString(id, MAX_ID_CHARS) || !isRecord(author)) return null
  if (!isShortString(author.id, MAX_ID_CHARS) || !isShortString(author.name, MAX_NAME_CHARS * 2)) return null
  if (typeof ts !== 'number' || !Number.isFinite(ts)) return null
  const authorId = LEGACY_PREFIX + author.id
  const claim = { name: author.name, color: readColor(author.color, author.id) }
  return parseFields({ id: LEGACY_PREFIX + id, authorId, ts, claim }, value, legacyId)
}
