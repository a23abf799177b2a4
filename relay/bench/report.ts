// The printed table: one row per figure, Parley and the reference side by side with the ratio
// Parley/reference and which side the ratio favours.
import type { FanoutResult } from './fanout.js'
import { CONTENDED_OTHER_CPU_PERCENT, type Load, percentile, sortedCopy } from './stats.js'

export type Cell = number | string | null

export interface Row {
  label: string
  parley: Cell
  reference: Cell
  /** Which direction is better; null for context rows that get no ratio. */
  better: 'lower' | 'higher' | null
  note?: string
}

/** Within this factor either way a ratio reads as a tie. */
const TIE_RATIO = 0.05

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a'
  const abs = Math.abs(value)
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US')
  if (abs >= 100) return value.toFixed(0)
  if (abs >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

function formatCell(cell: Cell): string {
  if (cell === null) return 'n/a'
  return typeof cell === 'number' ? formatNumber(cell) : cell
}

function ratioColumns(row: Row): [string, string] {
  if (row.better === null || typeof row.parley !== 'number' || typeof row.reference !== 'number')
    return ['', '']
  if (row.reference === 0 || !Number.isFinite(row.parley / row.reference)) return ['', '']
  const ratio = row.parley / row.reference
  const favoursParley = row.better === 'lower' ? ratio < 1 : ratio > 1
  const verdict = Math.abs(ratio - 1) <= TIE_RATIO ? 'tie' : favoursParley ? 'parley' : 'REFERENCE'
  return [ratio.toFixed(2), verdict]
}

export function renderTable(title: string, rows: readonly Row[]): string {
  const header = ['figure', 'parley', 'reference', 'p/ref', 'better', 'note']
  const cells = rows.map((row) => [
    row.label,
    formatCell(row.parley),
    formatCell(row.reference),
    ...ratioColumns(row),
    row.note ?? '',
  ])
  const widths = header.map((name, i) =>
    Math.max(name.length, ...cells.map((line) => (line[i] ?? '').length)),
  )
  const line = (values: readonly string[]) =>
    values
      .map((value, i) =>
        i === 0 || i === values.length - 1 ? value.padEnd(widths[i] ?? 0) : value.padStart(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd()
  return [`== ${title}`, line(header), ...cells.map(line)].join('\n')
}

/** Rows for one paced fan-out layout: latency, then the load it was measured under. */
export function latencyRows(label: string, parley: FanoutResult, reference: FanoutResult): Row[] {
  const p = sortedCopy(parley.latenciesMs)
  const r = sortedCopy(reference.latenciesMs)
  const bound = (result: FanoutResult) =>
    [
      result.load.harnessBound ? 'harness-bound' : 'not harness-bound',
      result.load.otherCpuPercent >= CONTENDED_OTHER_CPU_PERCENT ? 'CONTENDED' : '',
    ]
      .join(' ')
      .trim()
  return [
    {
      label: `${label} latency p50 (ms)`,
      parley: percentile(p, 50),
      reference: percentile(r, 50),
      better: 'lower',
    },
    {
      label: `${label} latency p99 (ms)`,
      parley: percentile(p, 99),
      reference: percentile(r, 99),
      better: 'lower',
    },
    ...loadRows(label, parley, reference),
    {
      label: `${label}   harness`,
      parley: bound(parley),
      reference: bound(reference),
      better: null,
    },
  ]
}

/** The harness's CPU, its event-loop delay p99 and everyone else's CPU, flagged when contended. */
export function harnessCell(load: Load): string {
  const contended = load.otherCpuPercent >= CONTENDED_OTHER_CPU_PERCENT ? ' CONTENDED' : ''
  return `${load.harnessCpuPercent.toFixed(0)}% / ${load.eldP99Ms.toFixed(1)} / ${load.otherCpuPercent.toFixed(0)}%${contended}`
}

/** Relay CPU per delivery and the harness's own load, for any fan-out run. */
export function loadRows(label: string, parley: FanoutResult, reference: FanoutResult): Row[] {
  const perDelivery = (result: FanoutResult) => (result.load.relayCpuMs * 1000) / result.delivered
  const harness = (result: FanoutResult) =>
    `${result.load.harnessCpuPercent.toFixed(0)}% / ${result.load.eldP99Ms.toFixed(1)} / ${result.load.otherCpuPercent.toFixed(0)}%`
  const delivered = (result: FanoutResult) =>
    `${result.delivered}/${result.expected}${result.closes.length > 0 ? ` closed: ${result.closes.join(', ')}` : ''}`
  return [
    {
      label: `${label}   relay CPU per delivery (us)`,
      parley: perDelivery(parley),
      reference: perDelivery(reference),
      better: 'lower',
    },
    {
      label: `${label}   relay CPU (% of a core)`,
      parley: parley.load.relayCpuPercent,
      reference: reference.load.relayCpuPercent,
      better: null,
    },
    {
      label: `${label}   harness CPU / loop p99 ms / other CPU`,
      parley: harness(parley),
      reference: harness(reference),
      better: null,
    },
    {
      label: `${label}   delivered/expected`,
      parley: delivered(parley),
      reference: delivered(reference),
      better: null,
    },
  ]
}
