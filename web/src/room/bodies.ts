// The entries a person writes, checked against the limits the relay and readers apply, and
// encoded as the body text that gets signed. The body is made once, here, and then travels and
// is verified byte for byte: nobody ever re-serialises a parsed body to check a signature.
import type { ModerationDraft } from '../moderation/controlEntry'
import { type Attachment, checkAttachment, isInlineImage } from './attachments'
import {
  checkEmoji,
  checkMessageText,
  checkName,
  checkStatus,
  checkTitle,
  checkTopic,
  EntryLimitError,
} from './limits'
import { ENTRY_VERSION, type ProfileFields } from './schema'

/** A message to send: text, and optionally what it answers and what it carries. */
export interface MessageDraft {
  text: string
  replyTo?: string
  attachments?: Attachment[]
  /** The root message of the thread this message is a reply in (threads.ts). */
  thread?: string
}

/** What a body holds besides `v` and `ts`, in the order it is written. */
export type NewEntry =
  | { type: 'message'; text: string; replyTo?: string; attachments?: Attachment[]; thread?: string }
  | { type: 'edit'; target: string; text: string }
  | { type: 'retract'; target: string }
  | { type: 'reaction'; target: string; emoji: string; on: boolean }
  | { type: 'join' }
  | { type: 'title'; title: string }
  | { type: 'topic'; topic: string }
  | {
      type: 'profile'
      seq: number
      name: string
      color: string
      avatar?: Attachment
      status?: string
      dh?: string
    }
  | ModerationDraft

/** A profile as its author keeps it: the fields and the `seq` it was (or will be) written with. */
export interface ProfileDraft extends ProfileFields {
  seq: number
  /** The X25519 public key published for direct messages (added when the profile is written). */
  dh?: string
}

function check(error: string | null): void {
  if (error !== null) throw new EntryLimitError(error)
}

/**
 * The body's JSON text: `{"v":2,"type":…,"ts":…,…fields}`. Field order is fixed by the builders
 * below (object creation order), so the same entry always encodes to the same bytes.
 */
export function encodeBody(entry: NewEntry, ts: number): string {
  const { type, ...fields } = entry
  return JSON.stringify({ v: ENTRY_VERSION, type, ts, ...fields })
}

/** Why `draft` cannot be sent, or null when it can. */
export function checkDraft(draft: MessageDraft): string | null {
  const attachments = draft.attachments ?? []
  for (const attachment of attachments) {
    const error = checkAttachment(attachment)
    if (error !== null) return error
  }
  if (attachments.length > 0 && draft.text.trim() === '') return null
  return checkMessageText(draft.text)
}

/** Why `profile` cannot be written, or null when it can. */
export function checkProfile(profile: ProfileFields): string | null {
  const avatar = profile.avatar
  if (avatar && !isInlineImage(avatar)) return 'The picture must be an image (PNG, JPEG, GIF or WebP).'
  return (
    checkName(profile.name.trim()) ??
    checkStatus(profile.status ?? '') ??
    (avatar ? checkAttachment(avatar) : null)
  )
}

export function messageEntry(draft: string | MessageDraft): NewEntry {
  const { text, replyTo, attachments, thread } = typeof draft === 'string' ? { text: draft } : draft
  check(checkDraft({ text, attachments }))
  const entry: NewEntry = { type: 'message', text }
  if (replyTo !== undefined) entry.replyTo = replyTo
  if (attachments !== undefined && attachments.length > 0) entry.attachments = attachments
  if (thread !== undefined) entry.thread = thread
  return entry
}

export function editEntry(target: string, text: string): NewEntry {
  check(checkMessageText(text))
  return { type: 'edit', target, text }
}

export function retractEntry(target: string): NewEntry {
  return { type: 'retract', target }
}

export function reactionEntry(reaction: { target: string; emoji: string; on: boolean }): NewEntry {
  check(checkEmoji(reaction.emoji))
  return { type: 'reaction', target: reaction.target, emoji: reaction.emoji, on: reaction.on }
}

export function joinEntry(): NewEntry {
  return { type: 'join' }
}

export function titleEntry(title: string): NewEntry {
  const trimmed = title.trim()
  check(checkTitle(trimmed))
  return { type: 'title', title: trimmed }
}

export function topicEntry(topic: string): NewEntry {
  const trimmed = topic.trim()
  check(checkTopic(trimmed))
  return { type: 'topic', topic: trimmed }
}

export function profileEntry(profile: ProfileDraft): NewEntry {
  check(checkProfile(profile))
  const entry: NewEntry = {
    type: 'profile',
    seq: profile.seq,
    name: profile.name.trim(),
    color: profile.color,
  }
  if (profile.avatar) entry.avatar = profile.avatar
  if (profile.status) entry.status = profile.status
  if (profile.dh) entry.dh = profile.dh
  return entry
}
