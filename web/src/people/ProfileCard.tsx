import { type ReactNode, useEffect, useId, useRef } from 'react'
import { useFingerprint } from '../identity/useIdentity'
import type { Author } from '../room'
import { Avatar } from '../ui/Avatar'
import './people.css'

interface ProfileCardProps {
  author: Author
  isMe: boolean
  onClose(): void
  /**
   * What can be done with this person from their card: "Message privately" once direct messages
   * exist (issue 9). Nothing is shown until then.
   */
  actions?: ReactNode
}

/**
 * Who wrote something: picture, name, status and, for signed authors, the safety number to
 * compare in person (a name is only what its owner chose; the number is their key's).
 */
export function ProfileCard({ author, isMe, onClose, actions = null }: ProfileCardProps) {
  const headingId = useId()
  const dialog = useRef<HTMLDialogElement>(null)
  const fingerprint = useFingerprint(author.verified ? author.id : null)
  useEffect(() => {
    const element = dialog.current
    if (element && !element.open) element.showModal()
  }, [])
  return (
    <dialog ref={dialog} className="profile-card" aria-labelledby={headingId} onClose={onClose}>
      <div className="profile-card-head">
        <Avatar name={author.name} color={author.color} avatar={author.avatar} size="large" />
        <div>
          <h2 id={headingId}>{author.name}</h2>
          {author.status ? <p className="profile-status">{author.status}</p> : null}
        </div>
      </div>
      {author.verified ? (
        <>
          <dl>
            <dt className="profile-fingerprint-label">Safety number</dt>
            <dd className="fingerprint">{fingerprint ?? '…'}</dd>
          </dl>
          <p className="profile-hint">
            {isMe
              ? 'This is your safety number. Others see the same on your profile.'
              : `Compare this number with ${author.name} in person or on a call: if it is the same on both screens, messages under this name are from them.`}
          </p>
        </>
      ) : (
        <p className="profile-hint">
          Unverified: written before Parley signed entries. The name is only what that entry claims.
        </p>
      )}
      <form method="dialog" className="dialog-actions">
        {actions}
        <button type="submit">Close</button>
      </form>
    </dialog>
  )
}
