// What an update needs that a room does not have yet. Yjs parks items whose dependencies are
// missing as "pending structs" and re-merges the whole pending set on every later update, which a
// hostile client can make quadratic; the relay therefore never hands Yjs an update it cannot
// integrate at once. Pure: the room's state is passed in.
import * as Y from 'yjs'

/** The room's state for one client: the clock of the next item it expects from that client. */
export type StateOf = (client: number) => number

/**
 * For each client, the state the room must reach before `items` can be integrated; empty when
 * they can be integrated now. An item depends on the items before it from its own client (clocks
 * have no gaps), on its left origin and on its right origin; items of the update itself count
 * as available once everything before them in their client's run is. Skips stand for clocks the
 * update does not carry.
 */
export function missingDependencies(
  items: readonly Y.Item[],
  skips: readonly Y.Skip[],
  stateOf: StateOf,
): Map<number, number> {
  const missing = new Map<number, number>()
  const need = (client: number, state: number) => {
    if (state > stateOf(client)) missing.set(client, Math.max(missing.get(client) ?? 0, state))
  }
  const available = new Map<number, number>()
  const reached = new Set<Y.Item>()
  for (const [client, run] of byClient(items, skips)) {
    let state = stateOf(client)
    for (const struct of run) {
      if (struct.id.clock > state) {
        need(client, struct.id.clock)
        break
      }
      const end = struct.id.clock + struct.length
      if (struct instanceof Y.Skip) {
        if (end > state) {
          need(client, end)
          break
        }
        continue
      }
      reached.add(struct)
      state = Math.max(state, end)
    }
    available.set(client, state)
  }
  const has = (id: Y.ID) => id.clock < (available.get(id.client) ?? stateOf(id.client))
  for (const item of reached) {
    if (item.origin !== null && !has(item.origin)) need(item.origin.client, item.origin.clock + 1)
    if (item.rightOrigin !== null && !has(item.rightOrigin)) {
      need(item.rightOrigin.client, item.rightOrigin.clock + 1)
    }
  }
  return missing
}

/** Whether the room, at `stateOf`, has everything `missing` asked for. */
export function dependenciesMet(missing: ReadonlyMap<number, number>, stateOf: StateOf): boolean {
  for (const [client, state] of missing) if (stateOf(client) < state) return false
  return true
}

function byClient(items: readonly Y.Item[], skips: readonly Y.Skip[]): Map<number, Array<Y.Item | Y.Skip>> {
  const runs = new Map<number, Array<Y.Item | Y.Skip>>()
  for (const struct of [...items, ...skips]) {
    const run = runs.get(struct.id.client)
    if (run === undefined) runs.set(struct.id.client, [struct])
    else run.push(struct)
  }
  for (const run of runs.values()) run.sort((a, b) => a.id.clock - b.id.clock)
  return runs
}
