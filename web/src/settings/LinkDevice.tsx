import { useState } from 'react'
import type { IdentityManager } from '../identity/identity'
import { createDeviceLink } from '../identity/transfer'

/**
 * "Link another device": a link that carries this identity, encrypted, in its fragment (never sent
 * to the relay), and apart from it the one-time code that opens it. Either alone is useless.
 */
export function LinkDevice({ manager }: { manager: IdentityManager }) {
  const [link, setLink] = useState<{ url: string; code: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const make = async () => {
    setBusy(true)
    try {
      setLink(await createDeviceLink(await manager.exportPayload(), location.origin))
      setError(null)
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
    }
    setBusy(false)
  }
  return (
    <section className="settings-section" aria-labelledby="link-device-heading">
      <h2 id="link-device-heading">Link another device</h2>
      <p>
        Use Parley as the same person on your phone or another computer. Open the link there, then type the
        code. Send them separately, or better, type the code yourself.
      </p>
      <button type="button" onClick={make} disabled={busy}>
        {link ? 'Make a new link' : 'Link another device'}
      </button>
      {error ? <p role="alert">{error}</p> : null}
      {link ? (
        <div className="device-link">
          <label>
            Link to open on the other device
            <input readOnly value={link.url} onFocus={(event) => event.target.select()} />
          </label>
          <p>
            One-time code: <strong className="link-code">{link.code}</strong>
          </p>
        </div>
      ) : null}
    </section>
  )
}
