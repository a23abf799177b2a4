import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import { EMOJI } from './emoji'

const COLUMNS = 8

interface EmojiPickerProps {
  /** Called with the emoji character; the picker closes itself afterwards. */
  pick(emoji: string): void
}

/** Index after an arrow key in a grid of `count` cells, `COLUMNS` wide; null for other keys. */
export function moveInGrid(key: string, index: number, count: number): number | null {
  const last = count - 1
  const moves: Record<string, number> = {
    ArrowRight: index + 1,
    ArrowLeft: index - 1,
    ArrowDown: index + COLUMNS,
    ArrowUp: index - COLUMNS,
    Home: 0,
    End: last,
  }
  const next = moves[key]
  return next === undefined ? null : Math.min(last, Math.max(0, next))
}

/** A button that opens a grid of emoji; arrows move, Enter picks, Escape closes. */
export function EmojiPicker({ pick }: EmojiPickerProps) {
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const trigger = useRef<HTMLButtonElement>(null)
  const grid = useRef<HTMLDivElement>(null)
  const gridId = useId()

  // The grid just opened (or the arrow keys moved): focus follows the active cell.
  useEffect(() => {
    if (open) grid.current?.querySelectorAll('button')[active]?.focus()
  }, [open, active])

  const close = (refocus: boolean) => {
    setOpen(false)
    if (refocus) trigger.current?.focus()
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      close(true)
      return
    }
    const next = moveInGrid(event.key, active, EMOJI.length)
    if (next === null) return
    event.preventDefault()
    setActive(next)
  }
  return (
    <span className="emoji-picker">
      <button
        ref={trigger}
        type="button"
        className="secondary emoji-trigger"
        aria-label="Insert emoji"
        aria-expanded={open}
        aria-controls={open ? gridId : undefined}
        onClick={() => setOpen((was) => !was)}
      >
        🙂
      </button>
      {open ? (
        <div
          ref={grid}
          id={gridId}
          role="dialog"
          aria-label="Emoji"
          className="emoji-grid"
          onKeyDown={onKeyDown}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget)) close(false)
          }}
        >
          {EMOJI.map(([code, emoji], i) => (
            <button
              key={code}
              type="button"
              tabIndex={i === active ? 0 : -1}
              aria-label={`:${code}:`}
              title={`:${code}:`}
              onClick={() => {
                pick(emoji)
                setOpen(false)
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      ) : null}
    </span>
  )
}
