// The chat schema of one entry in the room's append-only `messages` log.
//
// Compatibility rules (why no migration is ever needed):
// - Readers ignore entry types they do not know and fields they do not know. New kinds of entry
//   (`edit`, `retract`, `reaction` with a `target` entry id) and new optional fields on a message
//   (`replyTo: entryId`, `attachments: [...]`) are therefore added within version 1.
// - `v` changes only if an existing field changes meaning; readers skip entries with a `v` they
//   do not understand instead of guessing.
// - The log is never rewritten: a later entry refers to an earlier one by its `id`.
import { MAX_ID_CHARS, MAX_NAME_CHARS, MAX_TITLE_CHARS } from './limits'

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
  text: string
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

export type Entry = MessageEntry | JoinEntry | TitleEntry
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
      return typeof value.text === 'string' && value.text.trim() !== ''
        ? { ...base, type, text: value.text }
        : null
    case 'join':
      return { ...base, type }
    case 'title':
      return isShortString(value.title, MAX_TITLE_CHARS * 2) ? { ...base, type, title: value.title } : null
    default:
      return null
  }
}
