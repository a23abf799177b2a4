// The probe room alone, then while one connection in another room floods the relay with updates
// whose dependencies never arrive; for both relays, each run on a fresh relay.
import { buildFlood, type FloodResult, type FloodSpec, runFlood } from './dangling.js'
import { type ProbeResult, startProbe } from './probe.js'
import { type ProcessGroup, type RelayKind, type RelayProcess, withRelay } from './processes.js'
import { harnessCell, type Row } from './report.js'
import { percentile, sortedCopy, waitForQuietMachine } from './stats.js'

export const FLOOD_UPDATES = 2_000
export const FLOOD_ENTRY_BYTES = 15 * 1024
/** The flood's items start here, so clocks 0..FLOOD_CLOCK-1 of each client never arrive. */
export const FLOOD_CLOCK = 5
/** A flood the relay has not ended by then is cut off. */
export const FLOOD_MAX_MS = 30_000
/** Each probe run lasts at least this long, flood or not, so both runs have as many samples. */
export const PROBE_MIN_MS = 10_000
const QUIET_WAIT_MS = 10_000
const FLOOD_ROOM = 'flood'

interface KindFigures {
  alone: ProbeResult
  flooded: ProbeResult
  flood: FloodResult
}

export interface DanglingFigures {
  parley: KindFigures
  reference: KindFigures
}

export async function runDangling(group: ProcessGroup, progress: (message: string) => void) {
  const flood = buildFlood(FLOOD_ROOM, FLOOD_UPDATES, FLOOD_ENTRY_BYTES, FLOOD_CLOCK)
  const measure = async (kind: RelayKind): Promise<KindFigures> => {
    await waitForQuietMachine(QUIET_WAIT_MS)
    progress(`dangling flood: ${kind}, probe alone`)
    const alone = await withRelay(group, kind, (relay) => probeAlone(relay))
    await waitForQuietMachine(QUIET_WAIT_MS)
    progress(`dangling flood: ${kind}, probe while flooded`)
    const { probe, result } = await withRelay(group, kind, (relay) => probeFlooded(relay, flood))
    return { alone, flooded: probe, flood: result }
  }
  const parley = await measure('parley')
  const reference = await measure('reference')
  return { parley, reference } satisfies DanglingFigures
}

async function probeAlone(relay: RelayProcess): Promise<ProbeResult> {
  const probe = await startProbe(relay, 'probe')
  await new Promise((resolve) => setTimeout(resolve, PROBE_MIN_MS)) // the run's length
  return probe.stop()
}

async function probeFlooded(relay: RelayProcess, flood: FloodSpec) {
  const probe = await startProbe(relay, 'probe')
  const started = performance.now()
  const result = await runFlood(relay, FLOOD_ROOM, flood, FLOOD_MAX_MS)
  const left = PROBE_MIN_MS - (performance.now() - started)
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left)) // the rest of the run
  return { probe: await probe.stop(), result }
}

export function danglingRows(figures: DanglingFigures): Row[] {
  const { parley: p, reference: r } = figures
  const pct = (result: ProbeResult, n: number) => percentile(sortedCopy(result.latenciesMs), n)
  const delivered = (result: ProbeResult) => `${result.delivered}/${result.sent}`
  const seconds = (result: ProbeResult) => `${(result.load.wallMs / 1000).toFixed(1)} s`
  return [
    { label: 'probe alone p50 (ms)', parley: pct(p.alone, 50), reference: pct(r.alone, 50), better: 'lower' },
    { label: 'probe alone p99 (ms)', parley: pct(p.alone, 99), reference: pct(r.alone, 99), better: 'lower' },
    {
      label: 'probe alone   delivered/sent',
      parley: delivered(p.alone),
      reference: delivered(r.alone),
      better: null,
    },
    {
      label: 'probe flooded p50 (ms)',
      parley: pct(p.flooded, 50),
      reference: pct(r.flooded, 50),
      better: 'lower',
    },
    {
      label: 'probe flooded p99 (ms)',
      parley: pct(p.flooded, 99),
      reference: pct(r.flooded, 99),
      better: 'lower',
    },
    {
      label: 'probe flooded max (ms)',
      parley: pct(p.flooded, 100),
      reference: pct(r.flooded, 100),
      better: 'lower',
    },
    {
      label: 'probe flooded   delivered/sent',
      parley: delivered(p.flooded),
      reference: delivered(r.flooded),
      better: null,
      note: 'sent during the whole run; undelivered = not there 5 s after the last send',
    },
    {
      label: 'probe flooded   run length',
      parley: seconds(p.flooded),
      reference: seconds(r.flooded),
      better: null,
      note: `at least ${PROBE_MIN_MS / 1000} s, and as long as the flood`,
    },
    {
      label: 'probe flooded   relay CPU (% of a core)',
      parley: p.flooded.load.relayCpuPercent,
      reference: r.flooded.load.relayCpuPercent,
      better: null,
    },
    {
      label: 'probe flooded   harness CPU / loop p99 ms / other CPU',
      parley: harnessCell(p.flooded.load),
      reference: harnessCell(r.flooded.load),
      better: null,
    },
    {
      label: 'flood: how it ended',
      parley: floodOutcome(p.flood),
      reference: floodOutcome(r.flood),
      better: null,
    },
    {
      label: 'flood: updates written to its socket',
      parley: `${p.flood.sent}/${p.flood.total}`,
      reference: `${r.flood.sent}/${r.flood.total}`,
      better: null,
    },
    { label: 'flood: duration (ms)', parley: p.flood.ms, reference: r.flood.ms, better: 'lower' },
  ]
}

function floodOutcome(flood: FloodResult): string {
  if (flood.outcome === 'closed') return `closed ${flood.closeCode} (${flood.closeReason.slice(0, 40)})`
  if (flood.outcome === 'processed') return 'all accepted, not closed'
  return `CUT OFF at ${FLOOD_MAX_MS / 1000} s, relay still busy`
}
