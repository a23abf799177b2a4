import { type KeyboardEvent, useState } from 'react'
import { QUICK_REACTIONS } from './rowActions'

interface MessageToolbarProps {
  own: boolean
  onReply(): void
  /** Replies in a thread under this message (absent inside a thread). */
  onThread?(): void
  /** Pins or unpins the message (absent for people who may not pin). */
  pin?: { pinned: boolean; toggle(): void }
  onReact(emoji: string): void
  onEdit(): void
  onRetract(): void
  /** Whether a moderator hid this message for everyone. */
  hidden?: boolean
  /** Offered to moderators above the author: hides (`true`) or restores the message. */
  onHide?(on: boolean): void
}

type Open = 'react' | 'retract' | null

/**
 * Reply, React, Edit, Delete for one message. Shown on hover and keyboard focus (always on
 * touch screens, see message.css); Escape closes an open menu.
 */
export function MessageToolbar(props: MessageToolbarProps) {
  const { own, onReply, onThread, pin, onReact, onEdit, onRetract, hidden = false, onHide } = props
  const [open, setOpen] = useState<Open>(null)
  const toggle = (menu: Open) => setOpen((current) => (current === menu ? null : menu))
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open !== null) {
      event.stopPropagation()
      setOpen(null)
    }
  }
  return (
    <div
      className={`message-toolbar${open ? ' message-toolbar-open' : ''}`}
      role="toolbar"
      aria-label="Message actions"
      onKeyDown={onKeyDown}
    >
      <button type="button" onClick={onReply}>
        Reply
      </button>
      {onThread ? (
        <button type="button" onClick={onThread}>
          Reply in thread
        </button>
      ) : null}
      {pin ? (
        <button type="button" onClick={pin.toggle}>
          {pin.pinned ? 'Unpin' : 'Pin'}
        </button>
      ) : null}
      <button type="button" aria-expanded={open === 'react'} onClick={() => toggle('react')}>
        React
      </button>
      {own ? (
        <>
          <button type="button" onClick={onEdit}>
            Edit
          </button>
          <button type="button" aria-expanded={open === 'retract'} onClick={() => toggle('retract')}>
            Delete
          </button>
        </>
      ) : null}
      {onHide ? (
        <button type="button" onClick={() => onHide(!hidden)}>
          {hidden ? 'Restore' : 'Hide'}
        </button>
      ) : null}
      {open === 'react' ? (
        <fieldset className="quick-reactions">
          <legend className="visually-hidden">Pick a reaction</legend>
          {QUICK_REACTIONS.map((emoji) => (
            <button
              key={emoji}
              type="button"
              aria-label={`React with ${emoji}`}
              onClick={() => {
                setOpen(null)
                onReact(emoji)
              }}
            >
              {emoji}
            </button>
          ))}
        </fieldset>
      ) : null}
      {open === 'retract' ? (
        <span className="confirm-retract">
          <span>Delete for everyone?</span>
          <button type="button" className="danger" onClick={onRetract}>
            Delete message
          </button>
          <button type="button" className="secondary" onClick={() => setOpen(null)}>
            Cancel
          </button>
        </span>
      ) : null}
    </div>
  )
}
