// The bench's printed figures for one room, and for the cost of one signature check.
import type { LoadSample } from './scenarios'
import type { SeededRoom } from './seedRoom'
import { formatMiB, formatMs, printTable, summarize, verdict } from './stats'
import type { VerifyCost } from './verifyCost'

/** Targets from issue 3, newest messages visible from IndexedDB, by room size. */
const TARGET_MS: Record<number, number> = { 10000: 300, 100000: 1_000 }

export interface RoomResults {
  room: SeededRoom
  fresh: LoadSample[]
  /** With the relay down, the device's record of what it verified in place. */
  indexedDb: LoadSample[]
  /** With the relay down and that record deleted: every signature checked again. */
  rechecked: LoadSample[]
}

/** A mark's summary over the runs that have it. */
function formatMark(marks: ReadonlyArray<number | null>): string {
  const present = marks.filter((ms): ms is number => ms !== null)
  return present.length === 0 ? `never marked (n=${marks.length})` : formatMs(summarize(present))
}

function painted(samples: readonly LoadSample[]): string {
  return formatMs(summarize(samples.map((s) => s.timing.paintedMs)))
}

/** How many runs painted the newest entries before `mark`. */
function before(samples: readonly LoadSample[], mark: (s: LoadSample) => number | null): string {
  const count = samples.filter((s) => {
    const at = mark(s)
    return at !== null && s.timing.paintedMs < at
  }).length
  return `${count} of ${samples.length} runs`
}

/** µs of background verification per entry: from the history in the doc to every entry verified. */
function perEntry(samples: readonly LoadSample[], entries: number): string {
  const us = samples.flatMap((s) =>
    s.historyVerifiedMs !== null && s.historyLoadedMs !== null
      ? [((s.historyVerifiedMs - s.historyLoadedMs) * 1000) / entries]
      : [],
  )
  if (us.length === 0) return 'not measured'
  const { median, min, max, runs } = summarize(us)
  return `${median.toFixed(1)} µs (${min.toFixed(1)}–${max.toFixed(1)}, n=${runs})`
}

export function printVerifyCost(costs: readonly VerifyCost[]): void {
  const f = (values: number[]) => {
    const { median, min, max, runs } = summarize(values)
    return `${median.toFixed(1)} µs (${min.toFixed(1)}–${max.toFixed(1)}, n=${runs})`
  }
  process.stdout.write('\nSignature verification in the page (WebCrypto Ed25519, 4,096 envelopes)\n')
  printTable([
    ['per entry, 1,024 in flight (as the fold batches)', f(costs.map((c) => c.batchedUs))],
    ['per entry, one at a time', f(costs.map((c) => c.sequentialUs))],
  ])
}

export function printRoom(result: RoomResults): void {
  const { room, fresh, indexedDb, rechecked } = result
  const target = TARGET_MS[room.entryCount]
  const idbVisible = summarize(indexedDb.map((s) => s.timing.paintedMs))
  const recheckedVisible = summarize(rechecked.map((s) => s.timing.paintedMs))
  const withTarget = (summary: ReturnType<typeof summarize>) =>
    `${formatMs(summary)}${target ? `  ${verdict(summary, target)}` : ''}`
  process.stdout.write(
    `\n${room.entryCount.toLocaleString('en')} signed entries (${(room.updateBytes / 2 ** 20).toFixed(1)} MiB as one Yjs update)\n`,
  )
  printTable([
    ['IndexedDB, relay down: newest visible (painted)', withTarget(idbVisible)],
    [
      'IndexedDB, relay down: newest in viewport (DOM)',
      formatMs(summarize(indexedDb.map((s) => s.timing.inViewportMs))),
    ],
    ['IndexedDB: app starts opening the room (app mark)', formatMark(indexedDb.map((s) => s.roomOpeningMs))],
    ['IndexedDB: view cache read (app mark)', formatMark(indexedDb.map((s) => s.viewCacheReadMs))],
    ['IndexedDB: cached preview folded (app mark)', formatMark(indexedDb.map((s) => s.previewReadyMs))],
    ['IndexedDB: full history in the doc (app mark)', formatMark(indexedDb.map((s) => s.historyLoadedMs))],
    ['IndexedDB: full history verified (app mark)', formatMark(indexedDb.map((s) => s.historyVerifiedMs))],
    [
      'IndexedDB: newest painted before the full history',
      `${before(indexedDb, (s) => s.historyLoadedMs)} (from the view cache)`,
    ],
    ['IndexedDB: JS heap after load (after GC)', formatMiB(summarize(indexedDb.map((s) => s.heapBytes)))],
    ['IndexedDB, all checked again: newest visible (painted)', withTarget(recheckedVisible)],
    [
      'IndexedDB, all checked again: full history verified (mark)',
      formatMark(rechecked.map((s) => s.historyVerifiedMs)),
    ],
    [
      'IndexedDB, all checked again: newest painted before verified',
      before(rechecked, (s) => s.historyVerifiedMs),
    ],
    ['IndexedDB, all checked again: verification per entry', perEntry(rechecked, room.entryCount)],
    ['fresh device, relay only: newest visible (painted)', painted(fresh)],
    [
      'fresh device, relay only: newest in viewport (DOM)',
      formatMs(summarize(fresh.map((s) => s.timing.inViewportMs))),
    ],
    ['fresh device: full history verified (app mark)', formatMark(fresh.map((s) => s.historyVerifiedMs))],
    ['fresh device: JS heap after load (after GC)', formatMiB(summarize(fresh.map((s) => s.heapBytes)))],
  ])
}
