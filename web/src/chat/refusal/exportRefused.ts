// The file Export downloads: the refused entries exactly as they are in the log, and the ones a
// repair kept on this device, with why. Pure; the download itself is ui/download.ts.

import { describeRefusal, entryRefusalReason } from './refusalText'
import type { KeptEntry } from './refusedArchive'
import type { RefusedEntry } from './refusedEntries'

export const EXPORT_FORMAT = 'parley-refused-entries'
const EXPORT_VERSION = 1

export function exportRefused(
  roomId: string,
  refused: readonly RefusedEntry[],
  kept: readonly KeptEntry[],
  now: number,
): string {
  return JSON.stringify(
    {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      room: roomId,
      exportedAt: new Date(now).toISOString(),
      refused: refused.map(({ logId, code, reason, offending, value }) => ({
        client: logId.client,
        clock: logId.clock,
        code,
        relayReason: reason,
        reason: entryRefusalReason({ code, reason, offending }),
        entry: value,
      })),
      kept: kept.map(({ logId, code, reason, keptAt, value }) => ({
        client: logId.client,
        clock: logId.clock,
        code,
        reason: describeRefusal(code, reason),
        keptAt: new Date(keptAt).toISOString(),
        entry: value,
      })),
    },
    null,
    2,
  )
}

/** `parley-refused-<first characters of the room id>-<date>.json` */
export function exportFileName(roomId: string, now: number): string {
  return `parley-refused-${roomId.slice(0, 8)}-${new Date(now).toISOString().slice(0, 10)}.json`
}
