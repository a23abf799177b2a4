// Attachment metadata carried by a message entry. The bytes live on the relay under their SHA-256
// (`/blobs/<hash>`); the entry holds only what a reader needs to lay the attachment out before
// the bytes arrive. Validated strictly: one malformed attachment makes the whole entry malformed.

import { BLOB_HASH, DEFAULT_MAX_BLOB_BYTES, isAcceptedBlobType, isInlineImageType } from '@parley/protocol'

/** The relay's per-blob limit. */
export const MAX_ATTACHMENT_BYTES = DEFAULT_MAX_BLOB_BYTES
export const MAX_ATTACHMENTS = 10
export const MAX_ATTACHMENT_NAME_CHARS = 200
/** Above any real image; keeps the aspect-ratio box arithmetic sane. */
export const MAX_IMAGE_SIDE_PX = 100_000
/** A voice message's length; the recorder stops there. */
export const MAX_VOICE_MS = 15 * 60_000
/** Bars of a voice message's waveform, each a level from 0 to 255. */
export const MAX_WAVEFORM_BARS = 64

export interface Attachment {
  /** Lowercase hex SHA-256 of the bytes. */
  hash: string
  name: string
  type: string
  size: number
  width?: number
  height?: number
  /** Audio only: how long it plays, and its loudness as bars (a voice message). */
  durationMs?: number
  waveform?: number[]
}

function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

function parseAttachment(value: unknown): Attachment | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const { hash, name, type, size, width, height, durationMs, waveform } = value as Record<string, unknown>
  if (typeof hash !== 'string' || !BLOB_HASH.test(hash)) return null
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_ATTACHMENT_NAME_CHARS) return null
  if (typeof type !== 'string' || !isAcceptedBlobType(type)) return null
  if (!isIntIn(size, 0, MAX_ATTACHMENT_BYTES)) return null
  const attachment: Attachment = { hash, name, type, size }
  if (durationMs !== undefined || waveform !== undefined) return withVoice(attachment, durationMs, waveform)
  if (width === undefined && height === undefined) return attachment
  if (!isIntIn(width, 1, MAX_IMAGE_SIDE_PX) || !isIntIn(height, 1, MAX_IMAGE_SIDE_PX)) return null
  return { ...attachment, width, height }
}

function withVoice(attachment: Attachment, durationMs: unknown, waveform: unknown): Attachment | null {
  if (!attachment.type.startsWith('audio/') || !isIntIn(durationMs, 0, MAX_VOICE_MS)) return null
  if (!Array.isArray(waveform) || waveform.length > MAX_WAVEFORM_BARS) return null
  if (!waveform.every((level) => isIntIn(level, 0, 255))) return null
  return { ...attachment, durationMs, waveform: waveform as number[] }
}

/** A voice message: audio with its duration and waveform. */
export function isVoice(
  attachment: Attachment,
): attachment is Attachment & { durationMs: number; waveform: number[] } {
  return attachment.durationMs !== undefined && attachment.waveform !== undefined
}

/** The attachments `value` holds; null when it is not a well-formed, non-empty, bounded list. */
export function parseAttachments(value: unknown): Attachment[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_ATTACHMENTS) return null
  const parsed = value.map(parseAttachment)
  return parsed.every((attachment) => attachment !== null) ? (parsed as Attachment[]) : null
}

export function isInlineImage(attachment: Pick<Attachment, 'type'>): boolean {
  return isInlineImageType(attachment.type)
}

/** Why a file cannot be attached (the relay would refuse it), or null when it can. */
export function checkAttachment(file: { name: string; type: string; size: number }): string | null {
  const type = file.type.toLowerCase()
  if (file.size > MAX_ATTACHMENT_BYTES) {
    const mib = (file.size / 1024 / 1024).toFixed(1)
    return `“${file.name}” is too large: ${mib} MiB of ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB allowed.`
  }
  if (!isAcceptedBlobType(type)) {
    return `“${file.name}” cannot be attached: files of type ${type || 'unknown'} are not allowed.`
  }
  if (file.name.length === 0 || file.name.length > MAX_ATTACHMENT_NAME_CHARS) {
    return `The file name is too long (at most ${MAX_ATTACHMENT_NAME_CHARS} characters).`
  }
  return null
}

/** Where the relay serves the bytes; the name only sets the download's file name. */
export function blobUrl(attachment: Pick<Attachment, 'hash' | 'name'>): string {
  return `/blobs/${attachment.hash}?name=${encodeURIComponent(attachment.name)}`
}
