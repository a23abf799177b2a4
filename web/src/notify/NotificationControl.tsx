import { useId, useState } from 'react'
import { notificationPermission, type Permission, requestPermission } from './desktop'
import type { NotifyLevel } from './settings'
import './notify.css'

const LABELS: Record<NotifyLevel, string> = {
  all: 'All messages',
  mentions: 'Mentions only',
  mute: 'Mute',
}

/** The room's notification level, and the button that asks for desktop permission. */
export function NotificationControl({
  level,
  setLevel,
}: {
  level: NotifyLevel
  setLevel(level: NotifyLevel): void
}) {
  const [permission, setPermission] = useState<Permission>(notificationPermission)
  const id = useId()
  const ask = async () => setPermission(await requestPermission())
  return (
    <span className="notify-control">
      <label htmlFor={id}>Notifications</label>
      <select id={id} value={level} onChange={(event) => setLevel(event.target.value as NotifyLevel)}>
        {(Object.keys(LABELS) as NotifyLevel[]).map((key) => (
          <option key={key} value={key}>
            {LABELS[key]}
          </option>
        ))}
      </select>
      {permission === 'default' && level !== 'mute' ? (
        <button type="button" className="secondary" onClick={ask}>
          Enable desktop notifications
        </button>
      ) : null}
      {permission === 'denied' && level !== 'mute' ? (
        <span className="notify-note">Desktop notifications are blocked in this browser.</span>
      ) : null}
    </span>
  )
}
