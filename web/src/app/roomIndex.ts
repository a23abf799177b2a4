// Rooms visited on this device, with what the sidebar shows about each. Stored in localStorage so
// the list needs neither the network nor the rooms' documents.

import { unreadThreadMentions, unreadThreadReplies } from '../threads/threadUnread'

const ROOMS_KEY = 'parley.rooms'
/** Dispatched on the window after a change made in this tab (other tabs hear `storage`). */
const CHANGED_EVENT = 'parley:rooms-changed'
const MAX_ROOMS = 100
const PREVIEW_CHARS = 120

export interface RoomSummary {
  id: string
  title: string | null
  preview: string | null
  lastMessageAt: number | null
  /** Messages in the room the last time it was open here. */
  messageCount: number
  /** Messages the user had seen (list scrolled to the bottom while visible). */
  readCount: number
  /** Unread messages that mention the user (counted while the room was open here). */
  mentionCount?: number
  visitedAt: number
  /** When this device first listed the room (absent in lists written before it was kept). */
  addedAt?: number
  /** Reply counts of the threads this person is in, by root id (threads/threadUnread.ts). */
  threadCounts?: Record<string, number>
  /** How many replies of each thread this person read, on any device (their read state). */
  threadReads?: Record<string, number>
  /** Places among each thread's replies of those that mention this person (threads/threadUnread.ts). */
  threadMentions?: Record<string, number[]>
}

export function loadRooms(storage: Storage = localStorage): RoomSummary[] {
  try {
    const rooms = JSON.parse(storage.getItem(ROOMS_KEY) ?? '[]') as unknown
    return Array.isArray(rooms)
      ? rooms.filter((room): room is RoomSummary => typeof room?.id === 'string')
      : []
  } catch {
    return []
  }
}

/** How many of the room's messages this person has read, as this device last heard (0 if not listed). */
export function readCountOf(id: string): number {
  return loadRooms().find((room) => room.id === id)?.readCount ?? 0
}

/** The place of the person's first unread message (their read count), or null if they never read the room. */
export function firstUnreadOf(id: string): number | null {
  const count = readCountOf(id)
  return count > 0 ? count : null
}

/**
 * Where the room sits in the sidebar: its last message, or when it was added if that is later.
 * Unlike `visitedAt`, opening a room does not move it, so the list stays still under the reader.
 */
export function activityOf(room: RoomSummary): number {
  return Math.max(room.lastMessageAt ?? 0, room.addedAt ?? room.visitedAt)
}

/** Rooms with the most recent activity first. */
export function byActivity(rooms: readonly RoomSummary[]): RoomSummary[] {
  return [...rooms].sort((a, b) => activityOf(b) - activityOf(a) || a.id.localeCompare(b.id))
}

export function unreadCount(room: RoomSummary): number {
  return (
    Math.max(0, room.messageCount - room.readCount) + unreadThreadReplies(room.threadCounts, room.threadReads)
  )
}

/** Unread mentions: in the room's unread messages, and in the unread replies of threads. */
export function mentionCount(room: RoomSummary): number {
  const inTimeline = room.messageCount > room.readCount ? Math.max(0, room.mentionCount ?? 0) : 0
  return inTimeline + unreadThreadMentions(room.threadMentions, room.threadReads)
}

/** Merges `change` into the room's summary (creating it) and keeps the newest rooms first. */
export function updateRoom(
  id: string,
  change: Partial<Omit<RoomSummary, 'id'>>,
  storage: Storage = localStorage,
): RoomSummary {
  const rooms = loadRooms(storage)
  const existing = rooms.find((room) => room.id === id)
  const now = Date.now()
  const base: RoomSummary = existing ?? {
    id,
    title: null,
    preview: null,
    lastMessageAt: null,
    messageCount: 0,
    readCount: 0,
    visitedAt: now,
    addedAt: now,
  }
  const next = { ...base, ...change }
  // Reading everything reads the mentions too.
  if (change.readCount !== undefined && next.readCount >= next.messageCount) next.mentionCount = 0
  if (next.preview !== null) next.preview = next.preview.slice(0, PREVIEW_CHARS)
  const others = rooms.filter((room) => room.id !== id)
  const sorted = [next, ...others].sort((a, b) => b.visitedAt - a.visitedAt).slice(0, MAX_ROOMS)
  const text = JSON.stringify(sorted)
  // Nothing changed (say, a summary written again as it was): no write, no re-render anywhere.
  if (text === storage.getItem(ROOMS_KEY)) return next
  storage.setItem(ROOMS_KEY, text)
  if (storage === globalThis.localStorage) globalThis.dispatchEvent?.(new Event(CHANGED_EVENT))
  return next
}

/** Called when this tab or another one changes the list. */
export function subscribeRooms(listener: () => void): () => void {
  const onStorage = (event: StorageEvent) => {
    if (event.key === ROOMS_KEY) listener()
  }
  addEventListener('storage', onStorage)
  addEventListener(CHANGED_EVENT, listener)
  return () => {
    removeEventListener('storage', onStorage)
    removeEventListener(CHANGED_EVENT, listener)
  }
}
