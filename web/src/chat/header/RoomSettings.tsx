import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react'
import { NotificationControl } from '../../notify/NotificationControl'
import type { NotifyLevel } from '../../notify/settings'
import { MAX_TITLE_CHARS, MAX_TOPIC_CHARS, type RoomSnapshot } from '../../room'
import { RoomInfo } from './RoomInfo'

interface RoomSettingsProps {
  title: string | null
  topic: string | null
  setTitle(title: string): string | null
  setTopic(topic: string): string | null
  level: NotifyLevel
  setLevel(level: NotifyLevel): void
  verification: RoomSnapshot['verification']
  /** Whether the room holds messages from before signed entries. */
  unverified: boolean
  onClose(): void
  extra?: ReactNode
}

/** One text field of the room (title or topic), saved as a signed entry when it changed. */
function RoomField(props: {
  label: string
  value: string
  maxLength: number
  save(value: string): string | null
  /** The title cannot be empty; the topic can (that clears it). */
  required: boolean
}) {
  const [value, setValue] = useState(props.value)
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)
  const id = useId()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const problem = value.trim() === props.value ? null : props.save(value)
    setMessage(problem === null ? { error: false, text: 'Saved' } : { error: true, text: problem })
  }
  return (
    <form className="room-field" onSubmit={submit}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        value={value}
        onChange={(event) => {
          setValue(event.target.value)
          setMessage(null)
        }}
        maxLength={props.maxLength}
        required={props.required}
      />
      <button type="submit">Save {props.label.toLowerCase()}</button>
      <span role={message?.error ? 'alert' : undefined} aria-live="polite">
        {message?.text ?? ''}
      </span>
    </form>
  )
}

/** The room's title, topic, notifications and info, in a dialog away from the conversation. */
export function RoomSettings(props: RoomSettingsProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const headingId = useId()
  useEffect(() => {
    const element = dialog.current
    if (element && !element.open) element.showModal()
  }, [])
  return (
    <dialog ref={dialog} className="room-settings" aria-labelledby={headingId} onClose={props.onClose}>
      <h2 id={headingId}>Room settings</h2>
      <RoomField
        label="Room title"
        value={props.title ?? ''}
        maxLength={MAX_TITLE_CHARS}
        save={props.setTitle}
        required
      />
      <RoomField
        label="Topic"
        value={props.topic ?? ''}
        maxLength={MAX_TOPIC_CHARS}
        save={props.setTopic}
        required={false}
      />
      {props.extra}
      <NotificationControl level={props.level} setLevel={props.setLevel} />
      <RoomInfo verification={props.verification} unverified={props.unverified} />
      <form method="dialog" className="dialog-actions">
        <button type="submit">Close</button>
      </form>
    </dialog>
  )
}
