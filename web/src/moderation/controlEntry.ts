// Moderation entries as the app reads and writes them. The room's rules (roles, bans, mutes,
// members, policy) are @parley/protocol's control entries, read with the very code the relay uses
// (so a body the relay treats as a rule is one here, and no other); `hide` is the app's own: it
// hides or restores one message for everyone, and the relay never needs to read it.
import { type ControlBody, mayBeControl, parseControlBody } from '@parley/protocol'

/** Hides (`on`) or restores one message for everyone; honoured from moderators above its author. */
export interface HideBody {
  v: 2
  type: 'hide'
  target: string
  on: boolean
}

export type ModerationBody = ControlBody | HideBody

const MAX_TARGET_CHARS = 64

/**
 * The moderation body `body` (JSON text) holds, or null. `value` is the body already parsed. Rule
 * entries are recognised exactly as the relay recognises them: `mayBeControl` on the text first.
 */
export function readModerationBody(body: string, value: Record<string, unknown>): ModerationBody | null {
  if (value.type === 'hide') {
    const { target, on } = value
    return typeof target === 'string' &&
      target.length > 0 &&
      target.length <= MAX_TARGET_CHARS &&
      typeof on === 'boolean'
      ? { v: 2, type: 'hide', target, on }
      : null
  }
  return mayBeControl(body) ? parseControlBody(value) : null
}

/** The entry types this module reads (besides them, a body is not moderation). */
export function isModerationType(type: unknown): boolean {
  return (
    type === 'hide' ||
    type === 'members' ||
    type === 'role' ||
    type === 'ban' ||
    type === 'mute' ||
    type === 'policy'
  )
}

/** What a person writes to moderate, as the room writer takes it (`v` and `ts` are added there). */
export type ModerationDraft =
  | { type: 'hide'; target: string; on: boolean }
  | { type: 'role'; target: string; level: number }
  | { type: 'ban'; target: string; on: boolean }
  | { type: 'mute'; target: string; on: boolean }
  | { type: 'policy'; title: number; topic: number }
  | { type: 'members'; keys: string[] }
