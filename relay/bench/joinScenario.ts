// Joining big rooms, hot (room in memory, held open by its seeder) and cold (first join after a
// restart, loaded from disk). Parley cold-loads from SQLite; the reference only can with
// YPERSISTENCE (y-leveldb), so its cold figure comes from that mode.
import { buildSeed, type Seed } from './entries.js'
import { type JoinResult, joinRoom, seedRoom, waitForLeveldbSettled } from './join.js'
import type { LightClient } from './lightClient.js'
import type { ProcessGroup, RelayKind, RelayProcess, RelaySpec } from './processes.js'
import type { Row } from './report.js'
import { median } from './stats.js'

const ROOM_SIZES = [10_000, 100_000]
/** Entries per seed update: ~1.3 MB frames, far under the 32 MiB frame cap and 64 MiB byte burst. */
const SEED_CHUNK_ENTRIES = 10_000
const HOT_JOINS = 3

interface SizeFigures {
  seedMs: number
  hot: JoinResult[]
  cold: JoinResult | string
}

export type JoinFigures = Map<number, SizeFigures>

type Progress = (message: string) => void

export async function runJoins(group: ProcessGroup, progress: Progress) {
  const seeds = ROOM_SIZES.map((size) => buildSeed(`join-${size}`, size, SEED_CHUNK_ENTRIES))
  progress('join: parley')
  const parley = await measureKind(group, 'parley', 'parley', seeds)
  progress('join: reference (cold with YPERSISTENCE)')
  const reference = await measureKind(group, 'reference', 'referencePersist', seeds)
  return { parley, reference }
}

async function measureKind(group: ProcessGroup, hotKind: RelayKind, coldKind: RelayKind, seeds: Seed[]) {
  const figures: JoinFigures = new Map()
  const hotSpec: RelaySpec = { kind: hotKind, dataDir: group.tempDir(hotKind) }
  await withSeeded(group, hotSpec, seeds, async (relay, seedMs) => {
    for (const [i, seed] of seeds.entries()) {
      const hot: JoinResult[] = []
      for (let join = 0; join < HOT_JOINS; join++) hot.push(await joinRoom(relay, roomOf(seed), seed.entries))
      figures.set(seed.entries, { seedMs: seedMs[i] ?? Number.NaN, hot, cold: 'not measured' })
    }
  })
  const coldSpec: RelaySpec =
    hotKind === coldKind ? hotSpec : { kind: coldKind, dataDir: group.tempDir(coldKind) }
  try {
    if (coldSpec !== hotSpec) await withSeeded(group, coldSpec, seeds, async () => {})
    const restarted = await group.start(coldSpec)
    try {
      for (const seed of seeds) {
        const size = figures.get(seed.entries)
        if (size !== undefined) size.cold = await joinRoom(restarted, roomOf(seed), seed.entries)
      }
    } finally {
      await restarted.stop('SIGTERM')
    }
  } catch (error) {
    for (const size of figures.values())
      size.cold = `n/a: ${error instanceof Error ? error.message : String(error)}`
  }
  return figures
}

/**
 * Seeds every room on a fresh relay and keeps the seeders connected while `body` runs, then
 * makes sure the relay's data is on disk and stops it.
 */
async function withSeeded(
  group: ProcessGroup,
  spec: RelaySpec,
  seeds: Seed[],
  body: (relay: RelayProcess, seedMs: number[]) => Promise<void>,
): Promise<void> {
  const relay = await group.start(spec)
  const holders: LightClient[] = []
  try {
    const seedMs: number[] = []
    for (const seed of seeds) {
      const { holder, ms } = await seedRoom(relay, roomOf(seed), seed)
      holders.push(holder)
      seedMs.push(ms)
    }
    await body(relay, seedMs)
    // Parley stores everything before it exits on SIGTERM; the reference has no shutdown path.
    if (spec.kind === 'referencePersist') await waitForLeveldbSettled(spec.dataDir)
  } finally {
    await relay.stop('SIGTERM')
    for (const holder of holders) holder.terminate()
  }
}

function roomOf(seed: Seed): string {
  return seed.room
}

export function joinRows(figures: { parley: JoinFigures; reference: JoinFigures }): Row[] {
  const rows: Row[] = []
  for (const size of ROOM_SIZES) {
    const p = figures.parley.get(size)
    const r = figures.reference.get(size)
    if (p === undefined || r === undefined) continue
    const k = `${size / 1000}k`
    const hotMs = (f: SizeFigures) => median(f.hot.map((join) => join.ms))
    const coldCell = (f: SizeFigures, pick: (join: JoinResult) => number) =>
      typeof f.cold === 'string' ? f.cold : pick(f.cold)
    rows.push(
      {
        label: `hot ${k}: join (ms, median of ${HOT_JOINS})`,
        parley: hotMs(p),
        reference: hotMs(r),
        better: 'lower',
      },
      {
        label: `hot ${k}:   first join (ms)`,
        parley: p.hot[0]?.ms ?? null,
        reference: r.hot[0]?.ms ?? null,
        better: 'lower',
      },
      {
        label: `hot ${k}:   last byte (ms, median)`,
        parley: median(p.hot.map((join) => join.receivedMs)),
        reference: median(r.hot.map((join) => join.receivedMs)),
        better: 'lower',
      },
      {
        label: `hot ${k}: bytes received`,
        parley: p.hot[0]?.bytes ?? null,
        reference: r.hot[0]?.bytes ?? null,
        better: 'lower',
      },
      {
        label: `cold ${k}: join after restart (ms)`,
        parley: coldCell(p, (join) => join.ms),
        reference: coldCell(r, (join) => join.ms),
        better: 'lower',
        note: 'reference with YPERSISTENCE',
      },
      {
        label: `cold ${k}:   last byte (ms)`,
        parley: coldCell(p, (join) => join.receivedMs),
        reference: coldCell(r, (join) => join.receivedMs),
        better: 'lower',
      },
      {
        label: `cold ${k}: bytes received`,
        parley: coldCell(p, (join) => join.bytes),
        reference: coldCell(r, (join) => join.bytes),
        better: 'lower',
      },
      {
        label: `seed ${k} (ms, info)`,
        parley: p.seedMs,
        reference: r.seedMs,
        better: 'lower',
        note: 'accept + apply',
      },
    )
  }
  return rows
}
