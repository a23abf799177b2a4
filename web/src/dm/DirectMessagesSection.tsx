import { useId } from 'react'
import { roomPath } from '../app/route'
import { useFingerprint } from '../identity/useIdentity'
import { colorFromId } from '../room'
import { Avatar } from '../ui/Avatar'
import type { Invitation } from './invitation'
import type { DirectMessages } from './useDirectMessages'
import './dm.css'

/** An invitation: who (with their safety number: a name is only a claim) and what to do about it. */
function InvitationRow({ invitation, dm }: { invitation: Invitation; dm: DirectMessages }) {
  const fingerprint = useFingerprint(invitation.from)
  return (
    <li className="dm-invitation" data-from={invitation.from}>
      <p>
        <strong>{invitation.name}</strong> wants to message you privately
        <span className="dm-fingerprint" title="Safety number: compare it with them">
          {fingerprint?.slice(0, 11) ?? '…'}
        </span>
      </p>
      <div className="dm-invitation-actions">
        <button type="button" className="primary" onClick={() => dm.accept(invitation)}>
          Accept
        </button>
        <button type="button" className="secondary" onClick={() => dm.ignore(invitation)}>
          Ignore
        </button>
        <button type="button" className="secondary danger" onClick={() => dm.block(invitation.from)}>
          Block
        </button>
      </div>
    </li>
  )
}

/** The sidebar's "Direct messages": invitations waiting, then contacts with whether they are online. */
export function DirectMessagesSection({
  dm,
  currentRoomId,
}: {
  dm: DirectMessages
  currentRoomId: string | null
}) {
  const headingId = useId()
  if (dm.contacts.length === 0 && dm.invitations.length === 0) return null
  return (
    <section className="sidebar-section dm-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="sidebar-heading">
        Direct messages
      </h2>
      {dm.invitations.length > 0 ? (
        <ul className="dm-invitations" aria-label="Invitations">
          {dm.invitations.map((invitation) => (
            <InvitationRow key={invitation.from} invitation={invitation} dm={dm} />
          ))}
        </ul>
      ) : null}
      <ul className="room-list dm-contacts" aria-label="Contacts">
        {dm.contacts.map((contact) => (
          <li key={contact.key} className="room-row dm-contact">
            <a
              href={roomPath(contact.room)}
              aria-current={contact.room === currentRoomId ? 'page' : undefined}
              data-room-id={contact.room}
            >
              <Avatar name={contact.name} color={colorFromId(contact.key)} avatar={null} />
              <span className="room-row-title">{contact.name}</span>
              <span
                className={contact.online ? 'dm-online dm-online-yes' : 'dm-online'}
                title={contact.online ? 'Online' : 'Offline'}
              >
                <span className="visually-hidden">{contact.online ? ', online' : ', offline'}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}
