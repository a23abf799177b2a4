// Who may write in a room, as the relay enforces it: banned keys are refused, a room whose first
// entry lists its members takes entries from those members only (direct messages), and a person's
// inbox takes nothing but invitations. The rules themselves are @parley/protocol's roomRules.ts,
// folded here from the room's log exactly as every client folds them; the relay reads only the
// control entries' bodies, never a message's.
import {
  createRoomRules,
  isInboxRoom,
  mayBeControl,
  parseEnvelope,
  type RoomRules,
  type RoomRulesView,
} from '@parley/protocol'
import * as Y from 'yjs'
import type { SignedEntry } from './signatures.js'

/** The room's rules from its log as it is now, in log order. */
export function foldRoomRules(log: readonly unknown[]): RoomRules {
  const rules = createRoomRules()
  for (const value of log) {
    const envelope = parseEnvelope(value)
    if (typeof envelope === 'string') continue // unsigned history predates the rules
    rules.apply(envelope.key, mayBeControl(envelope.body) ? parseBody(envelope.body) : null)
  }
  return rules
}

/** Whether applying these entries means the rules must be folded again. */
export function changesRules(entries: readonly SignedEntry[], roomWasEmpty: boolean): boolean {
  return roomWasEmpty || entries.some(({ envelope }) => mayBeControl(envelope.body))
}

/**
 * Whether a row another relay stored may change the rules: it holds a control entry. Such rows
 * were checked by the relay that stored them; this one only needs to fold its rules again.
 */
export function storedUpdateChangesRules(update: Uint8Array): boolean {
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item)) continue
    for (const value of struct.content.getContent()) {
      const envelope = parseEnvelope(value)
      if (typeof envelope !== 'string' && mayBeControl(envelope.body)) return true
    }
  }
  return false
}

export interface WriterVerdict {
  reason: string
  entry: SignedEntry
}

/**
 * Checks an update's new entries against the room's rules; null when they may all be written. An
 * update into an empty room is folded on its own first, in its own log order, since its first
 * entry may be the one that closes the room to its members.
 */
export function checkWriters(
  room: string,
  update: Uint8Array,
  entries: readonly SignedEntry[],
  rules: RoomRulesView,
  /** No signed entry yet: the update's first entry becomes the room's first. */
  roomIsEmpty: boolean,
): WriterVerdict | null {
  if (isInboxRoom(room)) {
    const notInvite = entries.find(({ envelope }) => parseBody(envelope.body)?.type !== 'invite')
    if (notInvite !== undefined) {
      return { reason: 'forbidden update: an inbox takes only invitations', entry: notInvite }
    }
  }
  const current = roomIsEmpty ? rulesOfFirstUpdate(update) : rules
  for (const entry of entries) {
    const { key } = entry.envelope
    if (current.isBanned(key)) return { reason: 'forbidden update: this key is banned from the room', entry }
    if (!current.mayWrite(key))
      return { reason: 'forbidden update: only the room’s members may write here', entry }
  }
  return null
}

/** The rules an empty room would have once the update is in: its entries folded in log order. */
function rulesOfFirstUpdate(update: Uint8Array): RoomRulesView {
  const scratch = new Y.Doc()
  Y.applyUpdate(scratch, update)
  const rules = foldRoomRules(scratch.getArray('messages').toArray())
  scratch.destroy()
  return rules
}

function parseBody(body: string): { type?: unknown } | null {
  try {
    const value = JSON.parse(body) as unknown
    return typeof value === 'object' && value !== null ? (value as { type?: unknown }) : null
  } catch {
    return null
  }
}
