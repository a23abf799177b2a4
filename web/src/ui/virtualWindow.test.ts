import { describe, expect, it } from 'vitest'
import { computeLayout, rowAt, totalHeight, visibleRange } from './virtualWindow'

describe('virtualWindow', () => {
  const layout = computeLayout(100, (i) => (i % 2 ? 20 : 40))

  it('adds up heights', () => {
    expect(totalHeight(layout)).toBe(3000)
    expect(layout.offsets[3]).toBe(100)
  })

  it('finds the row at a position', () => {
    expect(rowAt(layout, 0)).toBe(0)
    expect(rowAt(layout, 39.9)).toBe(0)
    expect(rowAt(layout, 40)).toBe(1)
    expect(rowAt(layout, 10_000)).toBe(99)
  })

  it('renders only the rows around the viewport', () => {
    expect(visibleRange(layout, 0, 100, 0)).toEqual({ start: 0, end: 4 })
    expect(visibleRange(layout, 2900, 100, 50)).toEqual({ start: 94, end: 100 })
    expect(
      visibleRange(
        computeLayout(0, () => 1),
        0,
        100,
        50,
      ),
    ).toEqual({ start: 0, end: 0 })
  })

  it('lays out 100k rows and finds the newest at the bottom', () => {
    const big = computeLayout(100_000, () => 48)
    expect(totalHeight(big)).toBe(4_800_000)
    expect(visibleRange(big, totalHeight(big) - 600, 600, 300).end).toBe(100_000)
  })
})
