// The view cache: the newest raw entries of a room's log, kept beside its history so that opening
// the room can show the newest messages before the whole history is decoded (which takes seconds
// for a 100k-entry room). Only what came from the doc is cached, with the log ids it was written
// under; it is folded by the room model's own fold, and it never says what the relay has stored.
import * as Y from 'yjs'
import { getLog, type LogId } from '../room'
import { FoldState } from '../room/foldState'
import type { RoomSnapshot } from '../room/timeline'

/** Newest entries kept: several screens of messages, so the preview scrolls a little. */
export const VIEW_CACHE_MAX_ENTRIES = 200
/** Bound on the cache's JSON (UTF-16 units); the newest entries are kept first. */
export const VIEW_CACHE_MAX_CHARS = 96 * 1024
/** Older entries the preview needs besides the newest ones (the current title). */
export const VIEW_CACHE_MAX_PINS = 4
const FORMAT_VERSION = 1

/** One log value as the doc holds it, with the id it was written under. */
export interface CachedEntry {
  id: LogId
  value: unknown
}

export interface CachedView {
  /** The newest entries of the log, in log order. */
  entries: CachedEntry[]
  /** Older entries the newest ones need to be shown right (e.g. the title), in log order. */
  pins: CachedEntry[]
}

/** The value at `id` if it is a live value of `log`; null otherwise. */
function readValue(doc: Y.Doc, log: Y.Array<unknown>, id: LogId): CachedEntry | null {
  const structs = doc.store.clients.get(id.client)
  if (structs === undefined || id.clock >= Y.getState(doc.store, id.client)) return null
  const struct = structs[Y.findIndexSS(structs, id.clock)]
  if (!(struct instanceof Y.Item) || struct.parent !== log || struct.deleted || !struct.countable) return null
  return { id: { ...id }, value: struct.content.getContent()[id.clock - struct.id.clock] }
}

/**
 * What to cache for `doc` now: its newest log values (at most `maxEntries`, at most `maxChars` of
 * JSON) and the values at `pinIds` that are older than those. Walks the log's items once without
 * copying their values, so it is cheap even at 100k entries; call it off the hot path anyway.
 */
export function selectCachedView(
  doc: Y.Doc,
  pinIds: readonly LogId[],
  maxEntries = VIEW_CACHE_MAX_ENTRIES,
  maxChars = VIEW_CACHE_MAX_CHARS,
): CachedView {
  const log = getLog(doc)
  let last = log._start
  while (last?.right) last = last.right
  const newestFirst: CachedEntry[] = []
  let chars = 0
  collect: for (let item = last; item !== null; item = item.left) {
    if (item.deleted || !item.countable) continue
    const content = item.content.getContent()
    for (let i = content.length - 1; i >= 0; i--) {
      const value = content[i]
      chars += JSON.stringify(value ?? null).length
      if (newestFirst.length >= maxEntries || chars > maxChars) break collect
      newestFirst.push({ id: { client: item.id.client, clock: item.id.clock + i }, value })
    }
  }
  const entries = newestFirst.reverse()
  const cached = new Set(entries.map(({ id }) => `${id.client}.${id.clock}`))
  const pins = pinIds
    .filter((id) => !cached.has(`${id.client}.${id.clock}`))
    .slice(0, VIEW_CACHE_MAX_PINS)
    .map((id) => readValue(doc, log, id))
    .filter((entry): entry is CachedEntry => entry !== null)
    .sort((a, b) => compareLogOrder(log, a.id, b.id))
  return { entries, pins }
}

function holds(item: Y.Item, id: LogId): boolean {
  return item.id.client === id.client && id.clock >= item.id.clock && id.clock < item.id.clock + item.length
}

/** Log order of two values of `log` (pins are few, so walking for each is fine). */
function compareLogOrder(log: Y.Array<unknown>, a: LogId, b: LogId): number {
  for (let item = log._start; item !== null; item = item.right) {
    if (holds(item, a) && holds(item, b)) return a.clock - b.clock
    if (holds(item, a)) return -1
    if (holds(item, b)) return 1
  }
  return 0
}

const toTuple = ({ id, value }: CachedEntry) => [id.client, id.clock, value]

export function encodeCachedView(view: CachedView): string {
  return JSON.stringify({
    v: FORMAT_VERSION,
    entries: view.entries.map(toTuple),
    pins: view.pins.map(toTuple),
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
    const parsed = JSON.parse(stored) as { v?: unknown; entries?: unknown; pins?: unknown }
    if (parsed?.v !== FORMAT_VERSION) return null
    const entries = decodeEntries(parsed.entries, VIEW_CACHE_MAX_ENTRIES)
    const pins = decodeEntries(parsed.pins, VIEW_CACHE_MAX_PINS)
    return entries === null || pins === null ? null : { entries, pins }
  } catch {
    return null
  }
}

/**
 * The preview of a room from its cached view, folded by the room model's fold. Its timeline holds
 * only the cached newest entries; pins contribute what they mean (the title) but no rows, because
 * the history between them and the newest entries is not there yet. Its version is negative, so
 * the full fold's snapshots (versions from 0 up) always count as newer.
 */
export function foldCachedView(view: CachedView): RoomSnapshot {
  const state = new FoldState(Number.MIN_SAFE_INTEGER)
  const all = [...view.pins, ...view.entries]
  state.insert(
    0,
    all.map((entry) => entry.value),
    all.map((entry) => entry.id),
  )
  const snapshot = state.getSnapshot()
  if (view.pins.length === 0) return snapshot
  const newest = new Set(view.entries.map(({ id }) => `${id.client}.${id.clock}`))
  return { ...snapshot, timeline: snapshot.timeline.filter((item) => newest.has(item.key)) }
}
