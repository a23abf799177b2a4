// One room of 200 members all sending as fast as a window of unacknowledged sends allows: more
// than the relay and the harness can fan out, so unsent data piles up somewhere. Measures the
// relay's peak RSS (sampled on a worker thread) next to deliveries/s and who was closed.
import { runSaturated, type SaturatedOptions, type SaturatedResult } from './fanout.js'
import { type ProcessGroup, type RelayKind, type RelayProcess, withRelay } from './processes.js'
import { harnessCell, type Row } from './report.js'
import { type RssPeak, startRssSampler } from './rssSampler.js'
import { processRssMiB, waitForQuietMachine } from './stats.js'

/** No practical rate cap: each member's window, not its allowance, limits what it offers. */
export const SATURATED_ROOM: Omit<SaturatedOptions, 'durationMs'> = {
  rooms: 1,
  clientsPerRoom: 200,
  window: 8,
  maxSendsPerSecond: 1_000,
  warmupMs: 1_000,
}
export const SATURATED_ROOM_MS = 10_000
export const RSS_SAMPLE_MS = 50
const QUIET_WAIT_MS = 10_000

export interface SaturatedRoomResult {
  run: SaturatedResult
  rss: RssPeak
  idleMiB: number
  /** Members closed with 4508 (too slow), of all closes. */
  tooSlow: number
}

async function measure(relay: RelayProcess, room: string): Promise<SaturatedRoomResult> {
  const idleMiB = processRssMiB(relay.pid)
  const sampler = startRssSampler(relay.pid, RSS_SAMPLE_MS)
  let run: SaturatedResult
  try {
    run = await runSaturated(relay, room, { ...SATURATED_ROOM, durationMs: SATURATED_ROOM_MS })
  } catch (error) {
    await sampler.stop().catch(() => {}) // the worker must not outlive the run
    throw error
  }
  const rss = await sampler.stop()
  const tooSlow = run.closes
    .filter((close) => close.includes(' 4508 '))
    .reduce((sum, close) => sum + Number.parseInt(close, 10), 0)
  return { run, rss, idleMiB, tooSlow }
}

export async function runSaturatedRoom(group: ProcessGroup, progress: (message: string) => void) {
  const results = new Map<RelayKind, SaturatedRoomResult>()
  for (const kind of ['parley', 'reference'] as const) {
    await waitForQuietMachine(QUIET_WAIT_MS)
    progress(`saturated room of ${SATURATED_ROOM.clientsPerRoom}: ${kind}`)
    results.set(kind, await withRelay(group, kind, (relay) => measure(relay, 'saturated200')))
  }
  const parley = results.get('parley')
  const reference = results.get('reference')
  if (parley === undefined || reference === undefined) throw new Error('saturated room results missing')
  return { parley, reference }
}

export function saturatedRoomRows(figures: { parley: SaturatedRoomResult; reference: SaturatedRoomResult }) {
  const { parley: p, reference: r } = figures
  const perSecond = (f: SaturatedRoomResult) => (f.run.delivered * 1000) / f.run.load.wallMs
  const perDelivery = (f: SaturatedRoomResult) => (f.run.load.relayCpuMs * 1000) / f.run.delivered
  const closes = (f: SaturatedRoomResult) => (f.run.closes.length === 0 ? 'none' : f.run.closes.join(', '))
  const samples = (f: SaturatedRoomResult) =>
    `${f.rss.samples} samples, longest gap ${f.rss.maxGapMs.toFixed(0)} ms`
  const met = p.rss.peakMiB <= r.rss.peakMiB ? 'met' : 'MISSED'
  const rows: Row[] = [
    {
      label: 'peak RSS (MiB)',
      parley: p.rss.peakMiB,
      reference: r.rss.peakMiB,
      better: 'lower',
      note: `target parley <= reference: ${met}`,
    },
    { label: '  RSS before the members joined (MiB)', parley: p.idleMiB, reference: r.idleMiB, better: null },
    { label: '  RSS samples', parley: samples(p), reference: samples(r), better: null },
    {
      label: 'deliveries/s',
      parley: perSecond(p),
      reference: perSecond(r),
      better: 'higher',
      note: p.run.load.harnessBound || r.run.load.harnessBound ? 'harness-bound' : '',
    },
    {
      label: '  relay CPU per delivery (us)',
      parley: perDelivery(p),
      reference: perDelivery(r),
      better: 'lower',
    },
    {
      label: '  relay CPU (% of a core)',
      parley: p.run.load.relayCpuPercent,
      reference: r.run.load.relayCpuPercent,
      better: null,
    },
    {
      label: '  harness CPU / loop p99 ms / other CPU',
      parley: harnessCell(p.run.load),
      reference: harnessCell(r.run.load),
      better: null,
    },
    {
      label: '  delivered/expected',
      parley: `${p.run.delivered}/${p.run.expected}`,
      reference: `${r.run.delivered}/${r.run.expected}`,
      better: null,
    },
    { label: 'members closed by the relay', parley: closes(p), reference: closes(r), better: null },
    {
      label: '  of which 4508 too slow',
      parley: String(p.tooSlow),
      reference: String(r.tooSlow),
      better: null,
    },
  ]
  return rows
}
