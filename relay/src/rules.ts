// What an update may contain. A room is an append-only log of plain-JSON entries in the root
// array `messages`; the relay enforces that structure without reading any chat field.
import type { ItemRange } from '@parley/protocol'
import * as Y from 'yjs'

export const ROOT_NAME = 'messages'

export interface UpdateLimits {
  maxEntryBytes: number
}

export type RefusalKind = 'forbidden' | 'tooLarge' | 'malformed'

/** The verdict on one update; `reason` is short enough for a websocket close frame. */
export type UpdateVerdict =
  | { ok: true; items: Y.Item[]; skips: Y.Skip[]; entries: number }
  | {
      ok: false
      kind: RefusalKind
      reason: string
      /** The entry that broke the rule, when one did (not for deletions or garbage). */
      offending: ItemRange | null
    }

/** The delete set of a decoded update (yjs does not export its type). */
interface DecodedDeleteSet {
  clients: Map<number, Array<{ clock: number; len: number }>>
}

const utf8 = new TextEncoder()

/**
 * An entry's JSON is at most this many times its binary encoding in the update (worst cases:
 * `false` is 1 byte encoded and 6 as `false,`; a control character is 1 byte and 6 as `\u0000`).
 * Updates too small to hold an oversized entry skip measuring, which is most chat messages.
 */
const JSON_BYTES_PER_ENCODED_BYTE = 8

/**
 * Checks an update (v1 encoding) against the append-only rule without applying it.
 *
 * An item is either parented explicitly, which must be the root `messages`, or implicitly through
 * its left or right origin. Since every item that ever entered a room passed this check, an origin
 * can only point at an item of `messages`, so checking explicit parents is enough.
 */
export function checkUpdate(update: Uint8Array, limits: UpdateLimits): UpdateVerdict {
  let decoded: { structs: Array<Y.Item | Y.GC | Y.Skip>; ds: DecodedDeleteSet }
  try {
    decoded = Y.decodeUpdate(update) as typeof decoded
  } catch {
    return { ok: false, kind: 'malformed', reason: 'malformed update', offending: null }
  }
  if (hasDeletions(decoded.ds)) return forbidden('deletions are not allowed', null)
  const items: Y.Item[] = []
  const skips: Y.Skip[] = []
  let entries = 0
  const measure = update.byteLength * JSON_BYTES_PER_ENCODED_BYTE > limits.maxEntryBytes
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) {
      skips.push(struct)
      continue
    }
    if (struct instanceof Y.GC)
      return forbidden('deleted content is not allowed', rangeOf(struct, 0, struct.length))
    const verdict = checkItem(struct as Y.Item, limits, measure)
    if (verdict !== null) return verdict
    items.push(struct as Y.Item)
    entries += struct.length
  }
  return { ok: true, items, skips, entries }
}

function checkItem(item: Y.Item, limits: UpdateLimits, measure: boolean): UpdateVerdict | null {
  const whole = rangeOf(item, 0, item.length)
  if (item.parentSub !== null) return forbidden('map keys are not allowed', whole)
  const parent = item.parent as unknown
  if (typeof parent === 'string' && parent !== ROOT_NAME) {
    return forbidden(`root "${parent}" is not allowed`, whole)
  }
  if (parent !== null && typeof parent !== 'string') return forbidden('nested types are not allowed', whole)
  if (parent === null && item.origin === null && item.rightOrigin === null) {
    return forbidden('item without parent', whole)
  }
  if (!(item.content instanceof Y.ContentAny)) {
    return forbidden(`${contentName(item.content)} content is not allowed`, whole)
  }
  for (const [index, entry] of item.content.arr.entries()) {
    if (!isPlainJson(entry, 0)) return forbidden('entries must be plain JSON', rangeOf(item, index, 1))
    if (!measure) continue
    const bytes = utf8.encode(JSON.stringify(entry)).byteLength
    if (bytes > limits.maxEntryBytes) {
      return {
        ok: false,
        kind: 'tooLarge',
        reason: `entry of ${bytes} bytes over ${limits.maxEntryBytes}`,
        offending: rangeOf(item, index, 1),
      }
    }
  }
  return null
}

function rangeOf(struct: Y.Item | Y.GC, offset: number, length: number): ItemRange {
  return { client: struct.id.client, clock: struct.id.clock + offset, length }
}

/** Any range at all, even an empty one: Yjs would park a range it cannot apply yet as pending. */
function hasDeletions(ds: DecodedDeleteSet): boolean {
  for (const ranges of ds.clients.values()) if (ranges.length > 0) return true
  return false
}

const MAX_JSON_DEPTH = 32

/** True for null, booleans, finite numbers, strings, arrays and plain objects of those. */
export function isPlainJson(value: unknown, depth: number): boolean {
  if (depth > MAX_JSON_DEPTH) return false
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (Array.isArray(value)) return value.every((element) => isPlainJson(element, depth + 1))
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as object).every((element) => isPlainJson(element, depth + 1))
  }
  return false
}

function contentName(content: unknown): string {
  if (content instanceof Y.ContentType) return 'nested type'
  if (content instanceof Y.ContentString) return 'text'
  if (content instanceof Y.ContentDeleted) return 'deleted'
  if (content instanceof Y.ContentBinary) return 'binary'
  if (content instanceof Y.ContentEmbed) return 'embed'
  if (content instanceof Y.ContentFormat) return 'format'
  if (content instanceof Y.ContentDoc) return 'subdocument'
  return 'non-JSON'
}

function forbidden(reason: string, offending: ItemRange | null): UpdateVerdict {
  return { ok: false, kind: 'forbidden', reason, offending }
}
