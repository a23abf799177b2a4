// The arithmetic of the virtualized list: which rows to render for a scroll position, given the
// heights measured so far (an estimate for the rest). Pure, so it is tested without a DOM.

export interface Layout {
  /** offsets[i] = top of row i; offsets[count] = total height. */
  offsets: Float64Array
}

export function computeLayout(count: number, heightOf: (index: number) => number): Layout {
  const offsets = new Float64Array(count + 1)
  for (let i = 0; i < count; i++) offsets[i + 1] = (offsets[i] ?? 0) + heightOf(i)
  return { offsets }
}

export function totalHeight(layout: Layout): number {
  return layout.offsets[layout.offsets.length - 1] ?? 0
}

/** The first row whose bottom is below `y` (binary search). */
export function rowAt(layout: Layout, y: number): number {
  const { offsets } = layout
  const count = offsets.length - 1
  let low = 0
  let high = count - 1
  while (low < high) {
    const mid = (low + high) >>> 1
    if ((offsets[mid + 1] ?? 0) <= y) low = mid + 1
    else high = mid
  }
  return Math.max(0, low)
}

/** Rows [start, end) covering the viewport plus `overscanPx` above and below. */
export function visibleRange(layout: Layout, scrollTop: number, viewportPx: number, overscanPx: number) {
  const count = layout.offsets.length - 1
  if (count === 0) return { start: 0, end: 0 }
  const start = rowAt(layout, Math.max(0, scrollTop - overscanPx))
  const end = Math.min(count, rowAt(layout, scrollTop + viewportPx + overscanPx) + 1)
  return { start, end }
}
