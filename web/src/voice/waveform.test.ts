import { describe, expect, it } from 'vitest'
import { formatDuration, waveformBars } from './waveform'

describe('waveformBars', () => {
  it('keeps the loudest level of each stretch, scaled to 0–255', () => {
    expect(waveformBars([0.1, 0.5, 0.2, 0.25, 0, 0], 3)).toEqual([255, 128, 0])
  })

  it('never makes more bars than levels, and survives silence and garbage', () => {
    expect(waveformBars([0.5, 1], 64)).toEqual([128, 255])
    expect(waveformBars([0, 0, 0], 2)).toEqual([0, 0])
    expect(waveformBars([Number.NaN, 2, -1], 3)).toEqual([0, 255, 0])
    expect(waveformBars([], 8)).toEqual([])
  })
})

describe('formatDuration', () => {
  it('reads as minutes and seconds', () => {
    expect(formatDuration(7_400)).toBe('0:07')
    expect(formatDuration(750_000)).toBe('12:30')
  })
})
