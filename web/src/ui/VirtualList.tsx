// A virtualized, bottom-anchored list for chat: renders only the rows near the viewport, measures
// them as they appear, stays pinned to the newest row while the reader is at the bottom, and keeps
// what the reader looks at still when rows above it change height.
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { computeLayout, type Layout, rowAt, totalHeight, visibleRange } from './virtualWindow'

const OVERSCAN_PX = 600
/** The viewport's height until it is measured (right after the first render). */
const ASSUMED_VIEWPORT_PX = 800
/** Within this distance of the end the reader counts as "at the bottom". */
const AT_BOTTOM_PX = 48

export interface VirtualListProps {
  count: number
  /** Changes whenever rows change (rows are read through the callbacks below). */
  version: number
  itemKey(index: number): string
  estimateHeight(index: number): number
  renderRow(index: number): ReactNode
  onAtBottomChange?(atBottom: boolean): void
  /** Bumped by the parent to scroll to the newest row. */
  scrollToEndSignal?: number
  /** A new object scrolls row `index` into view (roughly: it may not be measured yet). */
  scrollToIndex?: { index: number }
  /**
   * Row to open at, centred, instead of at the newest row (read when the list mounts): the first
   * frame then shows it, rather than the newest rows and a jump a few frames later.
   */
  startAt?: number
  label: string
  className?: string
}

export function VirtualList(props: VirtualListProps) {
  const { count, version, itemKey, estimateHeight, renderRow, onAtBottomChange, label } = props
  const scroller = useRef<HTMLDivElement>(null)
  const heights = useRef(new Map<string, number>())
  const [startAt] = useState(() =>
    props.startAt !== undefined && props.startAt >= 0 && props.startAt < count ? props.startAt : null,
  )
  const atBottom = useRef(startAt === null)
  const [viewport, setViewport] = useState(ASSUMED_VIEWPORT_PX)
  const [measured, setMeasured] = useState(0)
  // The first frame renders only the rows in view (it is what opening a room waits for); the rows
  // around them, there for smooth scrolling, follow right after that frame is painted.
  const [overscan, setOverscan] = useState(0)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setOverscan(OVERSCAN_PX), 0)
    })
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [])
  // biome-ignore lint/correctness/useExhaustiveDependencies: version and measured say when rows or heights changed
  const layout = useMemo(
    () => computeLayout(count, (i) => heights.current.get(itemKey(i)) ?? estimateHeight(i)),
    [count, version, measured, itemKey, estimateHeight],
  )
  const [scrollTop, setScrollTop] = useState(() =>
    startAt === null ? 0 : centredTop(layout, startAt, ASSUMED_VIEWPORT_PX),
  )
  // While pinned to the bottom, render the rows at the end even before the scroll event of the
  // re-pin arrives: otherwise the first frames show the oldest rows (or none) and then jump.
  const top = atBottom.current ? Math.max(0, totalHeight(layout) - viewport) : scrollTop
  const { start, end } = visibleRange(layout, top, viewport, overscan)

  const scrollToEnd = useCallback(() => {
    const element = scroller.current
    if (element) element.scrollTop = element.scrollHeight
  }, [])

  // Opening at a row: scrolled there before the first paint (the re-render this causes is
  // synchronous), and the reader is not at the bottom.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, at mount
  useLayoutEffect(() => {
    const element = scroller.current
    if (startAt === null || !element) return
    element.scrollTop = centredTop(layout, startAt, element.clientHeight)
    setScrollTop(element.scrollTop)
    onAtBottomChange?.(false)
  }, [])

  // The row at the top of the viewport when the reader is not at the bottom, and how far into it
  // the viewport starts: rows put in above it (a preview replaced by the whole history) leave the
  // reader on the same row rather than at the same pixel.
  const anchor = useRef<{ key: string; index: number; offset: number } | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-pin or re-anchor whenever the layout changes
  useLayoutEffect(() => {
    const element = scroller.current
    if (atBottom.current) scrollToEnd()
    else if (element && anchor.current && itemKey(anchor.current.index) !== anchor.current.key) {
      const index = indexOfKey(count, itemKey, anchor.current.key)
      if (index < 0) return
      element.scrollTop = (layout.offsets[index] ?? 0) + anchor.current.offset
      setScrollTop(element.scrollTop)
    }
  }, [layout, scrollToEnd])
  useLayoutEffect(() => {
    const element = scroller.current
    if (!element || atBottom.current || count === 0) {
      anchor.current = null
      return
    }
    const index = rowAt(layout, element.scrollTop)
    anchor.current = { key: itemKey(index), index, offset: element.scrollTop - (layout.offsets[index] ?? 0) }
  })

  useEffect(() => {
    if (props.scrollToEndSignal) {
      atBottom.current = true
      scrollToEnd()
    }
  }, [props.scrollToEndSignal, scrollToEnd])

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new request scrolls, not a new layout
  useEffect(() => {
    const element = scroller.current
    if (!props.scrollToIndex || !element) return
    atBottom.current = false
    onAtBottomChange?.(false)
    const top = layout.offsets[props.scrollToIndex.index] ?? 0
    const before = element.scrollTop
    element.scrollTop = Math.max(0, top - element.clientHeight / 3)
    setScrollTop(element.scrollTop)
    // No scroll event follows when nothing moved (say, everything fits): whether the list is at
    // the bottom is decided here then, or it would stay "not at the bottom" for good.
    if (element.scrollTop === before) onScroll()
  }, [props.scrollToIndex])

  const onScroll = useCallback(() => {
    const element = scroller.current
    if (!element) return
    setScrollTop(element.scrollTop)
    const bottom = element.scrollHeight - element.scrollTop - element.clientHeight <= AT_BOTTOM_PX
    if (bottom !== atBottom.current) {
      atBottom.current = bottom
      onAtBottomChange?.(bottom)
    }
  }, [onAtBottomChange])

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    const observer = new ResizeObserver(() => setViewport(element.clientHeight))
    observer.observe(element)
    setViewport(element.clientHeight)
    return () => observer.disconnect()
  }, [])

  const onRowHeight = useCallback(
    (key: string, index: number, height: number) => {
      const previous = heights.current.get(key)
      if (previous === height) return
      heights.current.set(key, height)
      const element = scroller.current
      // A row above the viewport changed height: move the scroll position with it so the rows the
      // reader is looking at stay where they are.
      if (element && !atBottom.current && layout.offsets[index + 1] !== undefined) {
        const top = layout.offsets[index] ?? 0
        if (top < element.scrollTop)
          element.scrollTop += height - (previous ?? estimateHeightFor(layout, index))
      }
      setMeasured((n) => n + 1)
    },
    [layout],
  )

  const rows: ReactNode[] = []
  for (let i = start; i < end; i++) {
    rows.push(
      <MeasuredRow
        key={itemKey(i)}
        rowKey={itemKey(i)}
        index={i}
        top={layout.offsets[i] ?? 0}
        onHeight={onRowHeight}
      >
        {renderRow(i)}
      </MeasuredRow>,
    )
  }
  return (
    <div
      ref={scroller}
      className={`virtual-scroller ${props.className ?? ''}`}
      onScroll={onScroll}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the scrolling log must be reachable by keyboard
      tabIndex={0}
    >
      <div className="virtual-inner" role="log" aria-label={label} style={{ height: totalHeight(layout) }}>
        {rows}
      </div>
    </div>
  )
}

/** The scroll position that centres row `index` in a viewport `viewportPx` high. */
function centredTop(layout: Layout, index: number, viewportPx: number): number {
  const top = layout.offsets[index] ?? 0
  const middle = top + ((layout.offsets[index + 1] ?? top) - top) / 2
  return Math.max(0, Math.min(totalHeight(layout) - viewportPx, middle - viewportPx / 2))
}

/** Index of the row keyed `key`, or -1 (one scan: only when rows moved under the anchor). */
function indexOfKey(count: number, itemKey: (index: number) => string, key: string): number {
  for (let i = 0; i < count; i++) if (itemKey(i) === key) return i
  return -1
}

function estimateHeightFor(layout: { offsets: Float64Array }, index: number): number {
  return (layout.offsets[index + 1] ?? 0) - (layout.offsets[index] ?? 0)
}

interface MeasuredRowProps {
  rowKey: string
  index: number
  top: number
  onHeight(key: string, index: number, height: number): void
  children: ReactNode
}

function MeasuredRow({ rowKey, index, top, onHeight, children }: MeasuredRowProps) {
  const ref = useRef<HTMLDivElement>(null)
  const latest = useRef({ rowKey, index, onHeight })
  latest.current = { rowKey, index, onHeight }
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    const report = () =>
      latest.current.onHeight(latest.current.rowKey, latest.current.index, element.offsetHeight)
    report()
    const observer = new ResizeObserver(report)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return (
    <div ref={ref} className="virtual-row" style={{ transform: `translateY(${top}px)` }}>
      {children}
    </div>
  )
}
