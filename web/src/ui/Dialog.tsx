import { type ReactNode, useEffect, useId, useRef } from 'react'

interface DialogProps {
  title: string
  className?: string
  onClose(): void
  children: ReactNode
  /** Show the title as a visible heading (default) or only to assistive technology. */
  hideTitle?: boolean
}

/**
 * A modal `<dialog>`: the browser keeps the focus inside, closes it on Escape and gives the focus
 * back to what had it before. Open while mounted.
 */
export function Dialog({ title, className = '', onClose, children, hideTitle = false }: DialogProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const headingId = useId()
  useEffect(() => {
    const element = dialog.current
    if (element && !element.open) element.showModal()
  }, [])
  return (
    <dialog ref={dialog} className={`dialog ${className}`} aria-labelledby={headingId} onClose={onClose}>
      <h2 id={headingId} className={hideTitle ? 'visually-hidden' : undefined}>
        {title}
      </h2>
      {children}
    </dialog>
  )
}
