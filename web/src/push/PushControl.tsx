// Settings: push notifications for this device, on or off (off revokes the subscription).
import { useEffect, useState } from 'react'
import { loadRooms } from '../app/roomIndex'
import { disablePush, enablePush, type PushStatus, pushStatus } from './pushClient'

const SAYS: Record<PushStatus, string> = {
  unsupported: 'This browser cannot receive push notifications.',
  blocked: 'Notifications are blocked for this site in the browser’s settings.',
  off: 'Off on this device.',
  on: 'On: this device is told of new messages in your rooms while Parley is closed, as each room’s notification setting says.',
}

export function PushControl({ myKey }: { myKey: string }) {
  const [status, setStatus] = useState<PushStatus | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    void pushStatus().then(setStatus)
  }, [])
  const change = async (on: boolean) => {
    setBusy(true)
    setProblem(null)
    try {
      if (on)
        await enablePush(
          myKey,
          loadRooms().map((room) => room.id),
        )
      else await disablePush()
    } catch (error) {
      setProblem((error as Error).message)
    }
    setStatus(await pushStatus())
    setBusy(false)
  }
  return (
    <section className="settings-section" aria-labelledby="push-heading">
      <h2 id="push-heading">Push notifications</h2>
      <p>{status === null ? '…' : SAYS[status]}</p>
      <p>Pushes carry no message text: only which room, which this device words itself.</p>
      {status === 'off' ? (
        <button type="button" onClick={() => void change(true)} disabled={busy}>
          Turn on push notifications
        </button>
      ) : null}
      {status === 'on' ? (
        <button type="button" onClick={() => void change(false)} disabled={busy}>
          Turn off and revoke this device
        </button>
      ) : null}
      {problem ? <p role="alert">{problem}</p> : null}
    </section>
  )
}
