// The message list on react-virtuoso, behind the same props as VirtualList.tsx, so the two can be
// measured against each other (npm run bench:web).
import { forwardRef, type HTMLAttributes, useEffect, useMemo, useRef, useState } from 'react'
import { type Components, Virtuoso, type VirtuosoHandle } from 'react-virtuoso'
import type { VirtualListProps } from './VirtualList'

const OVERSCAN_PX = 600
const AT_BOTTOM_PX = 48
/** Virtuoso numbers rows from here so rows can be prepended (it must stay positive). */
const FIRST_INDEX = 1_000_000_000

/** How many rows were added before the row that was first, found by its key (bounded scan). */
function prepended(count: number, itemKey: (i: number) => string, firstKey: string | null): number {
  if (firstKey === null) return 0
  for (let i = 0; i < count && i < 5000; i++) if (itemKey(i) === firstKey) return i
  return 0
}

export function VirtuosoList(props: VirtualListProps) {
  const { count, version, itemKey, renderRow, onAtBottomChange, label } = props
  const ref = useRef<VirtuosoHandle>(null)
  const [first, setFirst] = useState(FIRST_INDEX)
  const firstKey = useRef<string | null>(count > 0 ? itemKey(0) : null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the version says when rows changed
  useEffect(() => {
    const added = prepended(count, itemKey, firstKey.current)
    if (added > 0) setFirst((index) => index - added)
    firstKey.current = count > 0 ? itemKey(0) : null
  }, [count, version, itemKey])
  useEffect(() => {
    if (props.scrollToEndSignal) ref.current?.scrollToIndex({ index: 'LAST', align: 'end' })
  }, [props.scrollToEndSignal])
  useEffect(() => {
    if (props.scrollToIndex) ref.current?.scrollToIndex({ index: props.scrollToIndex.index, align: 'center' })
  }, [props.scrollToIndex])
  const components = useMemo<Components>(
    () => ({
      List: forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement>>(function Log(listProps, listRef) {
        return <div {...listProps} ref={listRef} role="log" aria-label={label} />
      }),
    }),
    [label],
  )
  return (
    <Virtuoso
      ref={ref}
      className={`virtual-scroller ${props.className ?? ''}`}
      totalCount={count}
      firstItemIndex={first}
      initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
      followOutput={(atBottom) => (atBottom ? 'auto' : false)}
      atBottomThreshold={AT_BOTTOM_PX}
      atBottomStateChange={onAtBottomChange}
      increaseViewportBy={OVERSCAN_PX}
      computeItemKey={(index) => itemKey(index - first)}
      itemContent={(index) => renderRow(index - first)}
      components={components}
      tabIndex={0}
    />
  )
}
