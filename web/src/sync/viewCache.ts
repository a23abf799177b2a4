// The view cache: the newest entries of a room's view, kept beside its history so that opening
// the room can show the newest messages before the whole history is decoded (which takes seconds
// for a 100k-entry room). Only what the fold shows is cached (entries this device verified when it
// received them, or legacy ones), as the log holds them and with the ids they were written under;
// the preview folds them without checking their signatures again, since this device's own storage
// is trusted. It never says what the relay has stored.
import { parseEnvelope } from '@parley/protocol'
import type { LogId, RoomFold } from '../room'
import { FoldState } from '../room/foldState'
import type { RoomSnapshot } from '../room/timeline'
import {
  type CachedWindow,
  messagesIn,
  selectWindow,
  WINDOW_MAX_CHARS,
  WINDOW_MAX_ENTRIES,
  withGoneMarked,
} from './unreadWindow'

/** Newest entries kept: several screens of messages, so the preview scrolls a little. */
export const VIEW_CACHE_MAX_ENTRIES = 200
/** Bound on the cache's JSON (UTF-16 units); the newest entries are kept first. */
export const VIEW_CACHE_MAX_CHARS = 96 * 1024
/** Older entries the preview needs besides the newest ones (the current title). */
export const VIEW_CACHE_MAX_PINS = 4
/** Profiles of the people in the newest entries, so the preview shows their names. */
export const VIEW_CACHE_MAX_PROFILES = 64
/** 2: only entries this device verified (version 1 cached whatever the log held). */
const FORMAT_VERSION = 2

/** One log value as the doc holds it, with the id it was written under. */
export interface CachedEntry {
  id: LogId
  value: unknown
}

export interface CachedView {
  /** The newest entries of the view, in log order. */
  entries: CachedEntry[]
  /** Older entries the newest ones need to be shown right (e.g. the title), in log order. */
  pins: CachedEntry[]
  /** The current profile of each signed author of `entries` that they do not hold already. */
  profiles: CachedEntry[]
  /**
   * The room's message count, and the place among its messages of the first one in `entries`
   * (absent in caches written before they were kept).
   */
  placement?: { messageCount: number; newestFrom: number }
  /** The entries from a little above the person's first unread message on (unreadWindow.ts). */
  window?: CachedWindow
}

const idKey = (id: LogId) => `${id.client}.${id.clock}`

/**
 * What to cache for a fold now: the newest values it shows (at most `maxEntries`, at most
 * `maxChars` of JSON) and the values at `pinIds` that are older than those. Walks back from the
 * newest without copying anything else, so it is cheap even at 100k entries; call it off the hot
 * path anyway.
 */
export function selectCachedView(
  fold: Pick<RoomFold, 'applied' | 'appliedValue' | 'appliedFrom' | 'profileValue' | 'getSnapshot'>,
  pinIds: readonly LogId[],
  firstUnread: number | null = null,
  maxEntries = VIEW_CACHE_MAX_ENTRIES,
  maxChars = VIEW_CACHE_MAX_CHARS,
): CachedView {
  const newestFirst: CachedEntry[] = []
  let chars = 0
  for (const { logId, value } of fold.applied()) {
    chars += JSON.stringify(value ?? null).length
    if (newestFirst.length >= maxEntries || chars > maxChars) break
    newestFirst.push({ id: { ...logId }, value })
  }
  const entries = newestFirst.reverse()
  const cached = new Set(entries.map(({ id }) => idKey(id)))
  const pins: (CachedEntry & { index: number })[] = []
  for (const id of pinIds) {
    if (cached.has(idKey(id)) || pins.length >= VIEW_CACHE_MAX_PINS) continue
    const found = fold.appliedValue(id)
    if (found) pins.push({ id: { ...id }, value: found.value, index: found.index })
  }
  pins.sort((a, b) => a.index - b.index)
  const snapshot = fold.getSnapshot()
  const unread = firstUnread === null ? null : selectWindow(fold, firstUnread)
  // The newest part of the window is there already when it reaches the newest entries.
  const window = unread !== null && !unread.entries.every(({ id }) => cached.has(idKey(id))) ? unread : null
  return {
    entries,
    pins: pins.map(({ id, value }) => ({ id, value })),
    profiles: profilesOf(fold, [...entries, ...(window?.entries ?? [])], cached),
    placement: {
      messageCount: snapshot.messageCount,
      newestFrom: snapshot.messageCount - newestMessages(snapshot, cached),
    },
    ...(window === null ? {} : { window }),
  }
}

/** How many of the timeline's last messages are among the `cached` entries. */
function newestMessages(snapshot: RoomSnapshot, cached: ReadonlySet<string>): number {
  let count = 0
  for (let i = snapshot.timeline.length - 1; i >= 0; i--) {
    const item = snapshot.timeline[i]
    if (item === undefined || !cached.has(item.key)) break
    if (item.kind === 'message') count++
  }
  return count
}

function profilesOf(
  fold: Pick<RoomFold, 'profileValue'>,
  entries: readonly CachedEntry[],
  cached: ReadonlySet<string>,
): CachedEntry[] {
  const keys = new Set<string>()
  for (const { value } of entries) {
    const envelope = parseEnvelope(value)
    if (typeof envelope !== 'string') keys.add(envelope.key)
  }
  const profiles: CachedEntry[] = []
  for (const key of keys) {
    const found = fold.profileValue(key)
    if (found && !cached.has(idKey(found.logId)) && profiles.length < VIEW_CACHE_MAX_PROFILES)
      profiles.push({ id: { ...found.logId }, value: found.value })
  }
  return profiles
}

const toTuple = ({ id, value }: CachedEntry) => [id.client, id.clock, value]

export function encodeCachedView(view: CachedView): string {
  const { window, placement } = view
  return JSON.stringify({
    v: FORMAT_VERSION,
    entries: view.entries.map(toTuple),
    pins: view.pins.map(toTuple),
    profiles: view.profiles.map(toTuple),
    ...(placement ? { placement: [placement.messageCount, placement.newestFrom] } : {}),
    ...(window ? { window: [window.from, window.entries.map(toTuple), window.gone] } : {}),
  })
}

function isClockValue(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function decodeEntries(raw: unknown, max: number): CachedEntry[] | null {
  if (!Array.isArray(raw) || raw.length > max) return null
  const entries: CachedEntry[] = []
  for (const tuple of raw) {
    if (!Array.isArray(tuple) || tuple.length !== 3) return null
    const [client, clock, value] = tuple as unknown[]
    if (!isClockValue(client) || !isClockValue(clock)) return null
    entries.push({ id: { client, clock }, value })
  }
  return entries
}

function decodePlacement(raw: unknown): CachedView['placement'] | null {
  if (!Array.isArray(raw) || raw.length !== 2) return null
  const [messageCount, newestFrom] = raw as unknown[]
  return isClockValue(messageCount) && isClockValue(newestFrom) && newestFrom <= messageCount
    ? { messageCount, newestFrom }
    : null
}

function decodeWindow(raw: unknown): CachedWindow | null {
  if (!Array.isArray(raw) || raw.length !== 3) return null
  const [from, rawEntries, gone] = raw as unknown[]
  const entries = decodeEntries(rawEntries, WINDOW_MAX_ENTRIES)
  if (!isClockValue(from) || entries === null || !Array.isArray(gone)) return null
  if (gone.length > entries.length || !gone.every((id) => typeof id === 'string')) return null
  return { from, entries, gone: gone as string[] }
}

/** Longest stored cache read: the newest entries, the window and their authors' profiles. */
const MAX_STORED_CHARS = 2 * (VIEW_CACHE_MAX_CHARS + WINDOW_MAX_CHARS)

/** The cached view in `stored`, or null when it is missing, malformed, too large or of another format. */
export function decodeCachedView(stored: unknown): CachedView | null {
  if (typeof stored !== 'string' || stored.length > MAX_STORED_CHARS) return null
  try {
    const parsed = JSON.parse(stored) as {
      v?: unknown
      entries?: unknown
      pins?: unknown
      profiles?: unknown
      placement?: unknown
      window?: unknown
    }
    if (parsed?.v !== FORMAT_VERSION) return null
    const entries = decodeEntries(parsed.entries, VIEW_CACHE_MAX_ENTRIES)
    const pins = decodeEntries(parsed.pins, VIEW_CACHE_MAX_PINS)
    const profiles = decodeEntries(parsed.profiles, VIEW_CACHE_MAX_PROFILES)
    if (entries === null || pins === null || profiles === null) return null
    // Parts added later are optional: a cache without them (or with a bad one) still previews.
    const placement = decodePlacement(parsed.placement)
    const window = placement === null ? null : decodeWindow(parsed.window)
    return { entries, pins, profiles, ...(placement ? { placement } : {}), ...(window ? { window } : {}) }
  } catch {
    return null
  }
}

/**
 * The preview of a room from its cached view, folded by the room model's fold without checking
 * signatures again (see the top of this file). Its timeline holds only the cached newest entries,
 * or, when message place `firstUnread` (the person's first unread message) is in the cached window
 * and not among the newest, the window's entries instead; pins contribute what they mean (the
 * title) but no rows, because the history between them and the rows is not there yet. Its version
 * is negative, so the full fold's snapshots (versions from 0 up) always count as newer.
 */
export function foldCachedView(view: CachedView, firstUnread: number | null = null): RoomSnapshot {
  const { window, placement } = view
  const atWindow =
    window !== undefined &&
    placement !== undefined &&
    firstUnread !== null &&
    firstUnread >= window.from &&
    firstUnread < placement.newestFrom
  const rows = atWindow ? window.entries : view.entries
  const snapshot = foldRows(view, rows)
  if (!placement) return snapshot
  const { messageCount } = placement
  if (!atWindow) return { ...snapshot, placement: { firstMessage: placement.newestFrom, messageCount } }
  const marked = withGoneMarked(snapshot, window.gone)
  // A window cut short by its budget may end before the first unread message: not placed then.
  if (firstUnread >= window.from + messagesIn(marked.timeline)) return snapshot
  return { ...marked, placement: { firstMessage: window.from, messageCount } }
}

/** Folds the cached values and keeps only `rows`' items in the timeline. */
function foldRows(view: CachedView, rows: readonly CachedEntry[]): RoomSnapshot {
  // Every cached value was verified by this device when it received it (or is legacy).
  const state = new FoldState(() => true, Number.MIN_SAFE_INTEGER)
  const all = [...view.profiles, ...view.pins, ...rows]
  state.insert(
    0,
    all.map((entry) => entry.value),
    all.map((entry) => entry.id),
  )
  const snapshot = state.getSnapshot()
  if (view.pins.length === 0 && view.profiles.length === 0) return snapshot
  const shown = new Set(rows.map(({ id }) => idKey(id)))
  return { ...snapshot, timeline: snapshot.timeline.filter((item) => shown.has(item.key)) }
}
