import type { Author } from '../../room'
import { Avatar } from '../../ui/Avatar'
import type { Presence } from '../presence'

interface OnlineFacesProps {
  presence: Presence
  /** Verified profiles by key: who is online is shown as their profile says. */
  people: ReadonlyMap<string, Author>
  onShow(author: Author): void
}

/**
 * Who is here now, as faces. Presence is not signed: a key with a verified profile in this room is
 * shown as that profile says, and only such a face opens a profile card.
 */
export function OnlineFaces({ presence, people, onShow }: OnlineFacesProps) {
  return (
    <ul className="online" aria-label="Online now">
      {presence.online.map((user) => {
        const profile = people.get(user.id)
        const { name, color } = profile ?? user
        const label = `${name}${user.isMe ? ' (you)' : ''}${user.inCall ? ' (in the call)' : ''}`
        const face = (
          <>
            <Avatar name={name} color={color} avatar={profile?.avatar ?? null} size="medium" />
            {user.inCall ? (
              <span className="in-call" aria-hidden="true">
                📞
              </span>
            ) : null}
          </>
        )
        return (
          <li key={user.id} title={label}>
            {profile ? (
              <button type="button" className="face-button" onClick={() => onShow(profile)}>
                {face}
                <span className="visually-hidden">{label}</span>
              </button>
            ) : (
              <>
                {face}
                <span className="visually-hidden">{label}</span>
              </>
            )}
          </li>
        )
      })}
    </ul>
  )
}

/** "Bob is typing…", just above the composer. */
export function TypingLine({ presence, people }: Pick<OnlineFacesProps, 'presence' | 'people'>) {
  const names = presence.typing.map((user) => people.get(user.id)?.name ?? user.name)
  return (
    <p className="typing" aria-live="polite">
      {names.length === 0 ? '' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`}
    </p>
  )
}
