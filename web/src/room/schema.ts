// The chat schema of one entry in the room's append-only `messages` log.
//
// Compatibility rules (why no migration is ever needed):
// - Readers ignore entry types they do not know and fields they do not know. New kinds of entry
//   (`edit`, `retract`, `reaction` with a `target` entry id) and new optional fields on a message
//   (`replyTo: entryId`, `attachments: [...]`) are therefore added within version 1.
// - `v` changes only if an existing field changes meaning; readers skip entries with a `v` they
//   do not understand instead of guessing.
// - The log is never rewritten: a later entry refers to an earlier one by its `id`.
import { type Attachment, parseAttachments } from './attachments'
import { MAX_EMOJI_CHARS, MAX_ID_CHARS, MAX_NAME_CHARS, MAX_TITLE_CHARS } from './limits'

export const ENTRY_VERSION = 1

export interface Author {
  id: string
  name: string
  /** `#rrggbb`; readers replace anything else with a colour derived from the id. */
  color: string
}

interface EntryBase {
  v: typeof ENTRY_VERSION
  /** Random, unique per entry; later entries (edit, reaction, reply) point at it. */
  id: string
  author: Author
  /** Sender's clock in ms since the epoch; for display only, never for ordering. */
  ts: number
}

export interface MessageEntry extends EntryBase {
  type: 'message'
  /** May be empty only when the message carries attachments. */
  text: string
  /** The entry id of the message this one answers. */
  replyTo?: string
  attachments?: Attachment[]
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

/** Written the first time a user enters a room. */
export interface JoinEntry extends EntryBase {
  type: 'join'
}

/** The room title set or changed; the last one in log order is current. */
export interface TitleEntry extends EntryBase {
  type: 'title'
  title: string
}

export type Entry = MessageEntry | JoinEntry | TitleEntry | EditEntry | RetractEntry | ReactionEntry
/** Entries that change an earlier message instead of adding to the timeline. */
export type ModifierEntry = EditEntry | RetractEntry | ReactionEntry
export type EntryType = Entry['type']

const COLOR = /^#[0-9a-fA-F]{6}$/

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isShortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max
}

/** A stable colour for ids whose entry carries none (or a malformed one). */
export function colorFromId(id: string): string {
  let hash = 0
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0
  const palette = USER_COLORS
  return palette[hash % palette.length] ?? '#5b6cf0'
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

function parseAuthor(value: unknown): Author | null {
  if (!isRecord(value)) return null
  const { id, name, color } = value
  if (!isShortString(id, MAX_ID_CHARS) || !isShortString(name, MAX_NAME_CHARS * 2)) return null
  return { id, name, color: typeof color === 'string' && COLOR.test(color) ? color : colorFromId(id) }
}

function hasText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

function parseMessage(base: EntryBase, value: Record<string, unknown>): MessageEntry | null {
  const { text, replyTo, attachments } = value
  if (typeof text !== 'string') return null
  const entry: MessageEntry = {
    v: base.v,
    id: base.id,
    author: base.author,
    ts: base.ts,
    type: 'message',
    text,
  }
  if (replyTo !== undefined) {
    if (!isShortString(replyTo, MAX_ID_CHARS)) return null
    entry.replyTo = replyTo
  }
  if (attachments !== undefined) {
    const parsed = parseAttachments(attachments)
    if (parsed === null) return null
    entry.attachments = parsed
  }
  return hasText(text) || entry.attachments !== undefined ? entry : null
}

function parseModifier(base: EntryBase, value: Record<string, unknown>): ModifierEntry | null {
  const { type, target, text, emoji, on } = value
  if (!isShortString(target, MAX_ID_CHARS)) return null
  switch (type) {
    case 'edit':
      return hasText(text) ? { ...base, type, target, text } : null
    case 'retract':
      return { ...base, type, target }
    case 'reaction':
      return isShortString(emoji, MAX_EMOJI_CHARS) && emoji.trim() === emoji && typeof on === 'boolean'
        ? { ...base, type, target, emoji, on }
        : null
    default:
      return null
  }
}

/** The entry `value` holds, or null for anything malformed or unknown (never throws). */
export function parseEntry(value: unknown): Entry | null {
  if (!isRecord(value) || value.v !== ENTRY_VERSION) return null
  const { id, ts, type } = value
  const author = parseAuthor(value.author)
  if (!isShortString(id, MAX_ID_CHARS) || author === null) return null
  if (typeof ts !== 'number' || !Number.isFinite(ts)) return null
  const base = { v: ENTRY_VERSION, id, author, ts } as const
  switch (type) {
    case 'message':
      return parseMessage(base, value)
    case 'join':
      return { ...base, type }
    case 'title':
      return isShortString(value.title, MAX_TITLE_CHARS * 2) ? { ...base, type, title: value.title } : null
    default:
      return parseModifier(base, value)
  }
}
