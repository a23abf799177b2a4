import { type ChangeEvent, type FormEvent, useId, useState } from 'react'
import { prepareAttachment } from '../attachments/prepare'
import { useUploader } from '../attachments/useUploader'
import type { LocalProfile } from '../identity/profile'
import {
  type Attachment,
  isInlineImage,
  MAX_NAME_CHARS,
  MAX_STATUS_CHARS,
  type ProfileFields,
  USER_COLORS,
} from '../room'
import { Avatar } from '../ui/Avatar'

interface ProfileFormProps {
  profile: LocalProfile
  /** Saves the profile on this device; returns why not, or null. It reaches each room as a signed entry. */
  save(fields: ProfileFields): Promise<string | null>
}

/** Name, colour, picture and status: what others see of this person in every room. */
export function ProfileForm({ profile, save }: ProfileFormProps) {
  const [name, setName] = useState(profile.name)
  const [color, setColor] = useState(profile.color)
  const [status, setStatus] = useState(profile.status ?? '')
  const [avatar, setAvatar] = useState<Attachment | null>(profile.avatar)
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const uploader = useUploader()
  const ids = { name: useId(), status: useId(), picture: useId(), colors: useId() }
  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = ''
    if (!file || !uploader) return
    setBusy(true)
    const prepared = await prepareAttachment(file)
    if (typeof prepared === 'string' || !isInlineImage(prepared.attachment) || !prepared.attachment.width) {
      setMessage({
        error: true,
        text: typeof prepared === 'string' ? prepared : 'The picture must be an image.',
      })
    } else {
      // Uploaded like any attachment: to the relay by its SHA-256, queued here while offline.
      await uploader.add(prepared)
      setAvatar(prepared.attachment)
      setMessage(null)
    }
    setBusy(false)
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    try {
      const problem = await save({ name, color, avatar, status: status.trim() || null })
      setMessage(problem === null ? { error: false, text: 'Saved' } : { error: true, text: problem })
    } catch (failure) {
      setMessage({
        error: true,
        text: `Not saved: ${failure instanceof Error ? failure.message : String(failure)}`,
      })
    }
    setBusy(false)
  }
  return (
    <form className="profile-form" onSubmit={submit}>
      <div className="profile-preview">
        <Avatar name={name || '?'} color={color} avatar={avatar} size="large" />
      </div>
      <label htmlFor={ids.name}>Your name</label>
      <input
        id={ids.name}
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={MAX_NAME_CHARS}
        autoComplete="nickname"
        required
      />
      <fieldset className="color-picker">
        <legend id={ids.colors}>Colour</legend>
        {USER_COLORS.map((option) => (
          <label key={option} className="color-swatch" style={{ background: option }}>
            <input
              type="radio"
              name="color"
              value={option}
              checked={option === color}
              onChange={() => setColor(option)}
              aria-label={`Colour ${option}`}
            />
          </label>
        ))}
      </fieldset>
      <label htmlFor={ids.picture}>Picture</label>
      <div className="picture-row">
        <input
          id={ids.picture}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          onChange={pick}
          disabled={busy}
        />
        {avatar ? (
          <button type="button" onClick={() => setAvatar(null)}>
            Remove picture
          </button>
        ) : null}
      </div>
      <label htmlFor={ids.status}>Status</label>
      <input
        id={ids.status}
        value={status}
        onChange={(event) => setStatus(event.target.value)}
        maxLength={MAX_STATUS_CHARS}
        placeholder="What are you up to?"
      />
      <button type="submit" className="primary" disabled={busy}>
        Save profile
      </button>
      <span role={message?.error ? 'alert' : 'status'}>{message?.text ?? ''}</span>
    </form>
  )
}
