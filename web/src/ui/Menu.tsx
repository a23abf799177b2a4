import { type KeyboardEvent, type ReactNode, type RefObject, useEffect, useId, useRef, useState } from 'react'
import './menu.css'

export interface MenuItem {
  label: string
  onSelect(): void
  /** A checkable item (e.g. "Mute"): read as checked or not. */
  checked?: boolean
}

interface MenuButtonProps {
  /** The button's accessible name. */
  label: string
  /** What the button shows (the label is read instead). */
  children: ReactNode
  items: readonly MenuItem[]
}

/** The item an arrow, Home or End key moves to (wrapping around), or null for other keys. */
export function menuMove(key: string, active: number, count: number): number | null {
  const last = count - 1
  const moves: Record<string, number> = {
    ArrowDown: active === last ? 0 : active + 1,
    ArrowUp: active === 0 ? last : active - 1,
    Home: 0,
    End: last,
  }
  return moves[key] ?? null
}

/** Calls `close` on a pointer press outside `inside` while `open`. */
function useOutsidePress(open: boolean, inside: RefObject<HTMLElement | null>[], close: () => void) {
  const latest = useRef({ inside, close })
  latest.current = { inside, close }
  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node
      if (!latest.current.inside.some((ref) => ref.current?.contains(target))) latest.current.close()
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [open])
}

/**
 * A button that opens a menu, as the WAI-ARIA menu button pattern has it: arrows move between
 * items, Enter or Space picks one, Escape closes and gives focus back to the button.
 */
export function MenuButton({ label, children, items }: MenuButtonProps) {
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const menuId = useId()
  useEffect(() => {
    if (open) menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]')[active]?.focus()
  }, [open, active])
  useOutsidePress(open, [menu, button], () => setOpen(false))
  const close = () => {
    setOpen(false)
    button.current?.focus()
  }
  const openAt = (index: number) => {
    setActive(index)
    setOpen(true)
  }
  const onMenuKey = (event: KeyboardEvent) => {
    const next = menuMove(event.key, active, items.length)
    if (next !== null) {
      event.preventDefault()
      setActive(next)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      close()
    } else if (event.key === 'Tab') setOpen(false)
  }
  return (
    <span className="menu-anchor">
      <button
        ref={button}
        type="button"
        className="secondary icon-button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? setOpen(false) : openAt(0))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault()
            openAt(event.key === 'ArrowDown' ? 0 : items.length - 1)
          }
        }}
      >
        {children}
      </button>
      {open ? (
        <div ref={menu} id={menuId} className="menu" role="menu" aria-label={label} onKeyDown={onMenuKey}>
          {items.map((item, index) => (
            // biome-ignore lint/a11y/useAriaPropsSupportedByRole: the role is menuitemcheckbox whenever aria-checked is set
            <button
              key={item.label}
              type="button"
              role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
              aria-checked={item.checked}
              tabIndex={index === active ? 0 : -1}
              onClick={() => {
                close()
                item.onSelect()
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </span>
  )
}
