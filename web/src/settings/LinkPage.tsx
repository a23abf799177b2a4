import { type FormEvent, useId, useState } from 'react'
import { navigate } from '../app/route'
import type { IdentityManager, IdentityState } from '../identity/identity'
import { WrongSecretError } from '../identity/sealed'
import { openDeviceLink, WRONG_CODE } from '../identity/transfer'
import './settings.css'

/** Opened from a device link: asks for its one-time code and takes on the identity it carries. */
export function LinkPage({
  manager,
  state,
  sealed,
}: {
  manager: IdentityManager
  state: IdentityState
  sealed: string
}) {
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const id = useId()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    try {
      await manager.importPayload(await openDeviceLink(sealed, code))
      // The link is spent: do not keep it in this tab's history.
      navigate('/', { replace: true })
    } catch (failure) {
      setError(
        failure instanceof WrongSecretError
          ? WRONG_CODE
          : failure instanceof Error
            ? failure.message
            : String(failure),
      )
      setBusy(false)
    }
  }
  return (
    <main className="settings">
      <h1>Link this device</h1>
      {sealed === '' ? (
        <p role="alert">This link is incomplete: open the whole link from your other device.</p>
      ) : (
        <form className="link-form" onSubmit={submit}>
          <p>Type the one-time code your other device shows next to this link.</p>
          {state.status === 'ready' ? (
            <p className="warning">
              This device already has an identity ({state.identity.profile.name}). Linking replaces it with
              the one from your other device.
            </p>
          ) : null}
          <label htmlFor={id}>One-time code</label>
          <input
            id={id}
            value={code}
            onChange={(event) => setCode(event.target.value)}
            autoComplete="one-time-code"
            placeholder="K7QM-4TXP-9HDW"
            autoCapitalize="characters"
          />
          <button type="submit" className="primary" disabled={busy}>
            Link this device
          </button>
          {busy ? <span role="status">Opening the link…</span> : null}
          {error ? <p role="alert">{error}</p> : null}
        </form>
      )}
    </main>
  )
}
