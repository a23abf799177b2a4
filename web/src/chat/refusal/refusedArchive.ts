// This device's archive of a room's refused entries, and the journal of a repair in progress.
// Kept in localStorage, apart from the room's IndexedDB database, because a repair deletes that
// database: what the relay refused stays readable here ("kept on this device"), and the entries a
// repair sends again are written down before anything is deleted, so a tab closed halfway through
// loses nothing (the next open of the room finishes the repair).
import type { LogId } from '../../room'

const KEY_PREFIX = 'parley.refused.'
/** Entries kept per room; the oldest go first (each is at most one entry of 16 KiB). */
export const MAX_KEPT_ENTRIES = 100
const FORMAT_VERSION = 1

/** An entry the relay refused for what it is, kept on this device instead of being sent again. */
export interface KeptEntry {
  /** Where it was in the log before the repair. */
  logId: LogId
  /** The entry as it was in the log. */
  value: unknown
  /** The refusal's close code, or null when the app set it aside by its own checks. */
  code: number | null
  /** The relay's reason as sent (or the app's own words when `code` is null). */
  reason: string
  /** When the repair set it aside (ms since the epoch). */
  keptAt: number
}

export interface RefusedArchive {
  kept: KeptEntry[]
  /** Entries a repair has still to send again from the rebuilt room, in log order. */
  pending: unknown[]
}

const EMPTY: RefusedArchive = { kept: [], pending: [] }

function isLogId(value: unknown): value is LogId {
  if (typeof value !== 'object' || value === null) return false
  const { client, clock } = value as Record<string, unknown>
  return Number.isSafeInteger(client) && Number.isSafeInteger(clock)
}

function isKeptEntry(value: unknown): value is KeptEntry {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Record<string, unknown>
  return (
    isLogId(entry.logId) &&
    'value' in entry &&
    (entry.code === null || Number.isSafeInteger(entry.code)) &&
    typeof entry.reason === 'string' &&
    typeof entry.keptAt === 'number'
  )
}

/** The room's archive; empty when there is none or it cannot be read. */
export function loadArchive(roomId: string, storage: Storage = localStorage): RefusedArchive {
  try {
    const parsed = JSON.parse(storage.getItem(KEY_PREFIX + roomId) ?? 'null') as Record<
      string,
      unknown
    > | null
    if (parsed?.v !== FORMAT_VERSION) return EMPTY
    const kept = Array.isArray(parsed.kept) ? parsed.kept.filter(isKeptEntry) : []
    const pending = Array.isArray(parsed.pending) ? parsed.pending : []
    return { kept, pending }
  } catch {
    return EMPTY
  }
}

function save(roomId: string, archive: RefusedArchive, storage: Storage): void {
  if (archive.kept.length === 0 && archive.pending.length === 0) {
    storage.removeItem(KEY_PREFIX + roomId)
    return
  }
  storage.setItem(KEY_PREFIX + roomId, JSON.stringify({ v: FORMAT_VERSION, ...archive }))
}

const sameEntry = (a: KeptEntry, b: KeptEntry) =>
  a.logId.client === b.logId.client && a.logId.clock === b.logId.clock

/**
 * Writes a repair down before the room's copy is deleted: `keep` joins the archive, `pending`
 * replaces what is still to be sent again. Throws when it cannot be stored (storage full or
 * blocked): the repair must not go on then.
 */
export function recordRepair(
  roomId: string,
  repair: { keep: readonly KeptEntry[]; pending: readonly unknown[] },
  storage: Storage = localStorage,
): void {
  const { kept } = loadArchive(roomId, storage)
  const merged = [
    ...kept.filter((old) => !repair.keep.some((entry) => sameEntry(old, entry))),
    ...repair.keep,
  ]
  save(roomId, { kept: merged.slice(-MAX_KEPT_ENTRIES), pending: [...repair.pending] }, storage)
}

/** The rebuilt room holds the pending entries again: nothing is left to send from here. */
export function finishRepair(roomId: string, storage: Storage = localStorage): void {
  try {
    save(roomId, { ...loadArchive(roomId, storage), pending: [] }, storage)
  } catch {
    // Left pending, they are appended again only if the log lacks their ids: harmless.
  }
}
