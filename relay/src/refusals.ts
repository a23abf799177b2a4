// Which items a refusal covers, as ranges a client can match against its own entries.
import type { ItemRange } from '@parley/protocol'
import * as Y from 'yjs'
import type { StateOf } from './dependencies.js'

/** Items of one connection that the relay refused for good. */
export type RefusedRanges = ItemRange[]

/** The ranges of `items`, merging runs that follow each other. */
export function itemRanges(items: ReadonlyArray<Y.Item | Y.GC>): ItemRange[] {
  const ranges: ItemRange[] = []
  for (const item of items) {
    const last = ranges.at(-1)
    if (last !== undefined && last.client === item.id.client && last.clock + last.length === item.id.clock) {
      last.length += item.length
    } else {
      ranges.push({ client: item.id.client, clock: item.id.clock, length: item.length })
    }
  }
  return ranges
}

/** The ranges of everything in `update` the room does not have; empty for an update that does not decode. */
export function describeUpdate(update: Uint8Array, stateOf: StateOf): ItemRange[] {
  try {
    const { structs } = Y.decodeUpdate(update)
    const fresh = structs.filter(
      (struct): struct is Y.Item | Y.GC =>
        !(struct instanceof Y.Skip) && struct.id.clock + struct.length > stateOf(struct.id.client),
    )
    return itemRanges(fresh)
  } catch {
    return []
  }
}

/** Whether what an update is missing includes an item the relay refused from this connection. */
export function dependsOnRefused(missing: ReadonlyMap<number, number>, refused: RefusedRanges): boolean {
  return refused.some((range) => (missing.get(range.client) ?? 0) > range.clock)
}
