// A voice message's waveform: the loudness sampled while recording, reduced to a few bars that fit
// in the entry. Pure.

/** Reduces `levels` (each 0–1) to at most `bars` bars of 0–255: each bar the loudest it covers, scaled so the loudest bar is 255. */
export function waveformBars(levels: readonly number[], bars: number): number[] {
  if (levels.length === 0 || bars <= 0) return []
  const count = Math.min(bars, levels.length)
  const peaks: number[] = []
  for (let bar = 0; bar < count; bar++) {
    const from = Math.floor((bar * levels.length) / count)
    const to = Math.max(from + 1, Math.floor(((bar + 1) * levels.length) / count))
    let peak = 0
    for (let i = from; i < to; i++) peak = Math.max(peak, clamp(levels[i] ?? 0))
    peaks.push(peak)
  }
  const loudest = Math.max(...peaks)
  return peaks.map((peak) => (loudest === 0 ? 0 : Math.round((peak / loudest) * 255)))
}

function clamp(level: number): number {
  return Number.isFinite(level) ? Math.min(1, Math.max(0, level)) : 0
}

/** "0:07", "12:30": a duration as people read it on a player. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}
