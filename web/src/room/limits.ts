// Limits checked before anything is appended. The entry limit is the relay's own (shared through
// @parley/protocol): an entry the relay refuses is never applied there, so it must not reach the log.
import { MAX_ENTRY_BYTES } from '@parley/protocol'

export { MAX_ENTRY_BYTES }
/** Characters in one message; far below the byte limit so a normal message never hits it. */
export const MAX_TEXT_CHARS = 4000
export const MAX_NAME_CHARS = 64
/** Characters of a profile's status line. */
export const MAX_STATUS_CHARS = 80
export const MAX_TITLE_CHARS = 200
/** Characters of a room's topic (the line under its title). */
export const MAX_TOPIC_CHARS = 300
export const MAX_ID_CHARS = 64
/** UTF-16 units of one reaction emoji: room for ZWJ sequences and flags, not for a sentence. */
export const MAX_EMOJI_CHARS = 32

const encoder = new TextEncoder()

/** UTF-8 bytes of the entry's JSON, the way the relay measures it. */
export function entryByteLength(entry: unknown): number {
  return encoder.encode(JSON.stringify(entry)).length
}

/** Why `text` cannot be sent as a message, or null when it can. */
export function checkMessageText(text: string): string | null {
  if (text.trim().length === 0) return 'Message is empty.'
  const chars = [...text].length
  if (chars > MAX_TEXT_CHARS) {
    return `Message is too long: ${chars.toLocaleString('en')} of ${MAX_TEXT_CHARS.toLocaleString('en')} characters.`
  }
  return null
}

/** Why `text` cannot be a short non-empty field (`what` names it), or null when it can. */
function checkShortText(what: string, text: string, maxChars: number): string | null {
  if (text.trim().length === 0) return `${what} is empty.`
  const chars = [...text].length
  if (chars > maxChars) return `${what} is too long: ${chars} of ${maxChars} characters.`
  return null
}

/** Why `title` cannot be the room title, or null when it can. */
export function checkTitle(title: string): string | null {
  return checkShortText('Title', title, MAX_TITLE_CHARS)
}

/** Why `topic` cannot be the room's topic (empty is fine: it clears the topic), or null when it can. */
export function checkTopic(topic: string): string | null {
  const chars = [...topic].length
  return chars > MAX_TOPIC_CHARS ? `Topic is too long: ${chars} of ${MAX_TOPIC_CHARS} characters.` : null
}

/** Why `emoji` cannot be a reaction, or null when it can. */
export function checkEmoji(emoji: string): string | null {
  if (emoji.trim() === '' || emoji.trim() !== emoji) return 'Pick an emoji.'
  if (emoji.length > MAX_EMOJI_CHARS) return 'That reaction is too long.'
  return null
}

/** Why `name` cannot be a display name, or null when it can. */
export function checkName(name: string): string | null {
  return checkShortText('Name', name, MAX_NAME_CHARS)
}

/** Why `status` cannot be a profile's status line (empty is fine: no status), or null when it can. */
export function checkStatus(status: string): string | null {
  const chars = [...status].length
  return chars > MAX_STATUS_CHARS ? `Status is too long: ${chars} of ${MAX_STATUS_CHARS} characters.` : null
}

/** Why the whole entry would be refused by the relay, or null when it fits. */
export function checkEntrySize(entry: unknown): string | null {
  const bytes = entryByteLength(entry)
  if (bytes <= MAX_ENTRY_BYTES) return null
  return `Too large to send: ${Math.ceil(bytes / 1024)} KiB of ${MAX_ENTRY_BYTES / 1024} KiB allowed per entry.`
}

/** An Ed25519 signature's length in base64url: known before signing, so the size is too. */
const SIGNATURE_PLACEHOLDER = 'A'.repeat(86)

/** Why the envelope of `body` signed by `key` would be refused for its size, or null when it fits. */
export function checkEnvelopeSize(key: string, body: string): string | null {
  return checkEntrySize({ key, body, sig: SIGNATURE_PLACEHOLDER })
}

/** Thrown by the append helpers so a caller that skipped the checks still never writes a bad entry. */
export class EntryLimitError extends RangeError {
  override name = 'EntryLimitError'
}
