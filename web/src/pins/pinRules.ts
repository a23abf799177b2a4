// Pins: `pin {target, on}` entries pin or unpin a message. Like reactions they carry the wanted
// state, so concurrent pins and unpins resolve by log order, the same on every peer: the last one
// in the log wins.
//
// Who may pin: anyone, until the room has roles; from the first applied `role` entry on, only
// moderators and owners (level 50 and up), by the same room rules the relay folds
// (@parley/protocol roomRules.ts). Banned people and non-members of a closed room never may.
import { createRoomRules, LEVEL_MODERATOR, mayBeControl, parseControlBody } from '@parley/protocol'
import { MAX_ID_CHARS } from '../room'

export const PIN_ENTRY_VERSION = 2
/** A room shows at most this many pins (the oldest fall off). */
export const MAX_PINS = 50

export const PIN_NOT_ALLOWED = 'Only moderators and owners pin messages in this room.'

export interface PinMark {
  target: string
  on: boolean
}

/** One signed entry that matters to pins, in log order, its signature checked. */
export interface PinLogEntry {
  author: string
  /** The entry's body, parsed. */
  body: unknown
}

export interface Pin {
  target: string
  /** Who pinned it. */
  by: string
  ts: number
}

export interface PinBoard {
  /** Pinned messages, the most recently pinned first. */
  pins: readonly Pin[]
  hasRoles: boolean
  mayPin(key: string): boolean
}

export function encodePinBody(mark: PinMark, ts: number): string {
  return JSON.stringify({ v: PIN_ENTRY_VERSION, type: 'pin', ts, target: mark.target, on: mark.on })
}

const PIN_TYPE_FIELD = /"type"\s*:\s*"pin"/

/** Whether a body (JSON text) may matter to pins: a pin or a control entry. Cheap, no parsing. */
export function mayMatter(body: string): boolean {
  return PIN_TYPE_FIELD.test(body) || mayBeControl(body)
}

function readPin(body: unknown): (PinMark & { ts: number }) | null {
  if (typeof body !== 'object' || body === null) return null
  const { v, type, target, on, ts } = body as Record<string, unknown>
  if (v !== PIN_ENTRY_VERSION || type !== 'pin' || typeof on !== 'boolean') return null
  if (typeof target !== 'string' || target.length === 0 || target.length > MAX_ID_CHARS) return null
  return { target, on, ts: typeof ts === 'number' && Number.isFinite(ts) ? ts : 0 }
}

/**
 * Folds `entries` (the room's first signed entry, then every pin and control entry, in log order)
 * into the pinned list and the rule of who may pin.
 */
export function foldPins(entries: Iterable<PinLogEntry>): PinBoard {
  const rules = createRoomRules()
  let hasRoles = false
  const pinned = new Map<string, Pin>()
  const mayPin = (key: string) => rules.mayWrite(key) && (!hasRoles || rules.levelOf(key) >= LEVEL_MODERATOR)
  for (const { author, body } of entries) {
    // Every entry goes through the rules: the first one, whatever it is, makes its author an owner.
    const refused = rules.apply(author, body)
    const pin = readPin(body)
    if (pin === null) {
      if (refused === null && parseControlBody(body)?.type === 'role') hasRoles = true
      continue
    }
    if (!mayPin(author)) continue
    pinned.delete(pin.target)
    if (pin.on) pinned.set(pin.target, { target: pin.target, by: author, ts: pin.ts })
  }
  const pins = [...pinned.values()].reverse().slice(0, MAX_PINS)
  return { pins, hasRoles, mayPin }
}
