// Reads log values together with the ids they were written under: the entries a refusal names,
// and the entries the relay has not stored. Values are returned as the log holds them (raw JSON,
// unparsed), since that is what is exported, archived and appended again.
import * as Y from 'yjs'
import { readLog } from './fold'
import { getLog, type LogId } from './log'

export interface LoggedEntry {
  logId: LogId
  /** The value as it is in the log. */
  value: unknown
}

/** Items `clock` .. `clock + length - 1` written by Yjs client `client` (a refusal's ranges). */
export interface IdRange {
  client: number
  clock: number
  length: number
}

/**
 * The live log values whose ids lie in `ranges`, in range order; ids the doc does not hold (or
 * that are not log values) are skipped. Looks the ranges up, so it costs what they cover, not the log.
 */
export function entriesInRanges(doc: Y.Doc, ranges: readonly IdRange[]): LoggedEntry[] {
  const log = getLog(doc)
  const found: LoggedEntry[] = []
  const seen = new Set<string>()
  for (const { client, clock, length } of ranges) {
    const structs = doc.store.clients.get(client)
    const end = Math.min(clock + length, Y.getState(doc.store, client))
    if (structs === undefined || clock >= end) continue
    for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
      const struct = structs[i]
      if (struct === undefined || struct.id.clock >= end) break
      if (!(struct instanceof Y.Item) || struct.parent !== log || struct.deleted || !struct.countable)
        continue
      const content = struct.content.getContent()
      const from = Math.max(clock, struct.id.clock)
      const to = Math.min(end, struct.id.clock + struct.length)
      for (let at = from; at < to; at++) {
        const key = `${client}.${at}`
        if (seen.has(key)) continue
        seen.add(key)
        found.push({ logId: { client, clock: at }, value: content[at - struct.id.clock] })
      }
    }
  }
  return found
}

/** Every live log value the state vector `stored` does not cover, in log order. */
export function entriesNotIn(doc: Y.Doc, stored: ReadonlyMap<number, number>): LoggedEntry[] {
  const { values, ids } = readLog(getLog(doc))
  const found: LoggedEntry[] = []
  for (const [i, logId] of ids.entries()) {
    if (logId.clock >= (stored.get(logId.client) ?? 0)) found.push({ logId, value: values[i] })
  }
  return found
}
