import { type CSSProperties, useEffect, useState } from 'react'
import { type Attachment, blobUrl } from '../room'
import './avatar.css'

/** A picture its owner is still uploading is asked for again after this long, a few times. */
const RETRY_MS = 3000
const MAX_RETRIES = 20

interface AvatarProps {
  name: string
  color: string
  avatar: Attachment | null
  size?: 'small' | 'medium' | 'large'
  /** Rooms are square, people round. */
  shape?: 'round' | 'square'
}

/** Up to two initials of a name, for a person without a picture. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0] ?? '?']
  return letters.map((word) => [...(word ?? '')][0]?.toUpperCase() ?? '').join('') || '?'
}

/**
 * A person's picture, or their initials on their colour. Decorative: the name is always written
 * beside it. The initials are drawn by CSS from a data attribute, so they never end up in the
 * text of a list item or a message that carries the avatar.
 */
export function Avatar({ name, color, avatar, size = 'small', shape = 'round' }: AvatarProps) {
  const hash = avatar?.hash ?? ''
  const [load, setLoad] = useState({ hash, attempt: 0, broken: false })
  const current = load.hash === hash ? load : { hash, attempt: 0, broken: false }
  // Until the owner's upload lands the relay answers 404: show initials, and ask again later.
  useEffect(() => {
    if (!current.broken || current.attempt >= MAX_RETRIES) return
    const timer = setTimeout(
      () => setLoad({ hash: current.hash, attempt: current.attempt + 1, broken: false }),
      RETRY_MS,
    )
    return () => clearTimeout(timer)
  }, [current.broken, current.hash, current.attempt])
  const style = { '--avatar-color': color } as CSSProperties
  const className = `avatar avatar-${size} avatar-${shape}`
  if (avatar && !current.broken) {
    return (
      <img
        className={className}
        src={`${blobUrl(avatar)}${current.attempt > 0 ? `&attempt=${current.attempt}` : ''}`}
        alt=""
        aria-hidden="true"
        style={style}
        onError={() => setLoad({ ...current, broken: true })}
      />
    )
  }
  return <span className={className} style={style} data-initials={initials(name)} aria-hidden="true" />
}
