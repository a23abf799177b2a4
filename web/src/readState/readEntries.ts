// The entries of a person's private read-state document and their fold, as plain data.
//
// Each entry says "in room R (and thread T), I have read the first `count` messages, up to `last`".
// Entries are only ever appended; per place the highest `count` wins, ties broken by the larger
// `last` id, so devices that read offline converge on the same position whatever order their
// entries arrive in. A position never goes back: marking as read is the only way to move it.
import { MAX_ID_CHARS } from '../room'

export const READ_ENTRY_VERSION = 2
/** A room id is at most 128 characters (the relay's room name rule). */
const MAX_ROOM_CHARS = 128

export interface ReadPosition {
  /** How many messages of the place (the room's timeline, or one thread's replies) were read. */
  count: number
  /** The entry id of the last message read, or '' when not known (a room read while empty). */
  last: string
}

/** One read position as it travels, without `v` and `ts`. */
export interface ReadMark extends ReadPosition {
  room: string
  /** The root message id of a thread; absent for the room's main timeline. */
  thread?: string
}

/** Where a read position applies: the room, or one thread of it. */
export function placeOf(room: string, thread?: string): string {
  return thread === undefined ? room : `${room}#${thread}`
}

/** The body text of a read entry, fields in a fixed order. */
export function encodeReadBody(mark: ReadMark, ts: number): string {
  const { room, thread, count, last } = mark
  return JSON.stringify({
    v: READ_ENTRY_VERSION,
    type: 'read',
    ts,
    room,
    ...(thread === undefined ? {} : { thread }),
    count,
    last,
  })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function shortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max
}

/** The read mark a body holds, or null for anything else (never throws). */
export function parseReadBody(body: string): ReadMark | null {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return null
  }
  if (!isRecord(value) || value.v !== READ_ENTRY_VERSION || value.type !== 'read') return null
  const { room, thread, count, last } = value
  if (!shortString(room, MAX_ROOM_CHARS)) return null
  if (thread !== undefined && !shortString(thread, MAX_ID_CHARS)) return null
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) return null
  if (typeof last !== 'string' || last.length > MAX_ID_CHARS) return null
  return thread === undefined ? { room, count, last } : { room, thread, count, last }
}

/**
 * The body of a `moved` entry: this person's read state goes on in generation `to` (a document of
 * its own, seeded with every position: readStateChain.ts), so a document never keeps growing.
 */
export function encodeMovedBody(to: number, ts: number): string {
  return JSON.stringify({ v: READ_ENTRY_VERSION, type: 'moved', ts, to })
}

/** The generation a `moved` body names, or null for anything else (never throws). */
export function parseMovedBody(body: string): number | null {
  if (!body.includes('"moved"')) return null
  try {
    const value = JSON.parse(body) as unknown
    if (!isRecord(value) || value.v !== READ_ENTRY_VERSION || value.type !== 'moved') return null
    const { to } = value
    return typeof to === 'number' && Number.isSafeInteger(to) && to > 0 ? to : null
  } catch {
    return null
  }
}

/** Whether position `a` is further than `b`: the same answer on every device. */
export function isAhead(a: ReadPosition, b: ReadPosition | undefined): boolean {
  if (b === undefined) return true
  return a.count > b.count || (a.count === b.count && a.last > b.last)
}

/** Newest read position per place; `note` is O(1), so entries fold as they arrive. */
export class ReadPositions {
  private readonly byPlace = new Map<string, ReadPosition>()

  /** Folds one mark; true when it moved a position. */
  note(mark: ReadMark): boolean {
    const place = placeOf(mark.room, mark.thread)
    if (!isAhead(mark, this.byPlace.get(place))) return false
    this.byPlace.set(place, { count: mark.count, last: mark.last })
    return true
  }

  get(room: string, thread?: string): ReadPosition | undefined {
    return this.byPlace.get(placeOf(room, thread))
  }

  /** Every place with a position, as `placeOf` names it. */
  entries(): IterableIterator<[string, ReadPosition]> {
    return this.byPlace.entries()
  }

  get size(): number {
    return this.byPlace.size
  }
}

/** The mark that puts `position` at `place` (as `placeOf` names it). */
export function markAt(place: string, position: ReadPosition): ReadMark {
  const split = place.indexOf('#')
  return split < 0
    ? { room: place, ...position }
    : { room: place.slice(0, split), thread: place.slice(split + 1), ...position }
}
