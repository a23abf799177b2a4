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
}

const idKey = (id: LogId) => `${id.client}.${id.clock}`

/**
 * What to cache for a fold now: the newest values it shows (at most `maxEntries`, at most
 * `maxChars` of JSON) and the values at `pinIds` that are older than those. Walks back from the
 * newest without copying anything else, so it is cheap even at 100k entries; call it off the hot
 * path anyway.
 */
export function selectCachedView(
  fold: Pick<RoomFold, 'applied' | 'appliedValue' | 'profileValue'>,
  pinIds: readonly LogId[],
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
  return {
    entries,
    pins: pins.map(({ id, value }) => ({ id, value })),
    profiles: profilesOf(fold, entries, cached),
  }
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
  return JSON.stringify({
    v: FORMAT_VERSION,
    entries: view.entries.map(toTuple),
    pins: view.pins.map(toTuple),
    profiles: view.profiles.map(toTuple),
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

/** The cached view in `stored`, or null when it is missing, malformed, too large or of another format. */
export function decodeCachedView(stored: unknown): CachedView | null {
  if (typeof stored !== 'string' || stored.length > 2 * VIEW_CACHE_MAX_CHARS) return null
  try {
    const parsed = JSON.parse(stored) as {
      v?: unknown
      entries?: unknown
      pins?: unknown
      profiles?: unknown
    }
    if (parsed?.v !== FORMAT_VERSION) return null
    const entries = decodeEntries(parsed.entries, VIEW_CACHE_MAX_ENTRIES)
    const pins = decodeEntries(parsed.pins, VIEW_CACHE_MAX_PINS)
    const profiles = decodeEntries(parsed.profiles, VIEW_CACHE_MAX_PROFILES)
    return entries === null || pins === null || profiles === null ? null : { entries, pins, profiles }
  } catch {
    return null
  }
}

/**
 * The preview of a room from its cached view, folded by the room model's fold without checking
 * signatures again (see the top of this file). Its timeline holds only the cached newest entries; pins contribute what they mean (the title) but no rows, because
 * the history between them and the newest entries is not there yet. Its version is negative, so
 * the full fold's snapshots (versions from 0 up) always count as newer.
 */
export function foldCachedView(view: CachedView): RoomSnapshot {
  // Every cached value was verified by this device when it received it (or is legacy).
  const state = new FoldState(() => true, Number.MIN_SAFE_INTEGER)
  const all = [...view.profiles, ...view.pins, ...view.entries]
  state.insert(
    0,
    all.map((entry) => entry.value),
    all.map((entry) => entry.id),
  )
  const snapshot = state.getSnapshot()
  if (view.pins.length === 0 && view.profiles.length === 0) return snapshot
  const newest = new Set(view.entries.map(({ id }) => `${id.client}.${id.clock}`))
  return { ...snapshot, timeline: snapshot.timeline.filter((item) => newest.has(item.key)) }
}
