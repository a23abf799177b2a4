// Summaries and the printed table. Every figure is printed as median with min–max of its runs.

export interface Summary {
  median: number
  min: number
  max: number
  runs: number
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median =
    sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
  return { median, min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0, runs: sorted.length }
}

export function formatMs(summary: Summary): string {
  const f = (ms: number) => `${Math.round(ms)}`
  return `${f(summary.median)} ms (${f(summary.min)}–${f(summary.max)}, n=${summary.runs})`
}

export function formatMiB(summary: Summary): string {
  const f = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
  return `${f(summary.median)} MiB (${f(summary.min)}–${f(summary.max)}, n=${summary.runs})`
}

/** A verdict for a target: the median must be within it. */
export function verdict(summary: Summary, targetMs: number): string {
  return summary.median <= targetMs ? `PASS (target ≤ ${targetMs} ms)` : `MISS (target ≤ ${targetMs} ms)`
}

export function printTable(rows: ReadonlyArray<readonly [string, string]>): void {
  const width = Math.max(...rows.map(([label]) => label.length))
  for (const [label, value] of rows) process.stdout.write(`  ${label.padEnd(width)}  ${value}\n`)
}
