import { type FormEvent, useId, useState } from 'react'
import type { IdentityManager } from '../identity/identity'
import { WrongSecretError } from '../identity/sealed'
import { exportIdentityFile, importIdentityFile, WRONG_PASSPHRASE } from '../identity/transfer'
import { downloadText } from '../ui/download'

export const IDENTITY_FILE_NAME = 'parley-identity.json'

/** Export identity: a file encrypted with a passphrase the person chooses. */
export function ExportIdentity({ manager }: { manager: IdentityManager }) {
  const [passphrase, setPassphrase] = useState('')
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const id = useId()
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    try {
      downloadText(IDENTITY_FILE_NAME, await exportIdentityFile(await manager.exportPayload(), passphrase))
      setMessage({ error: false, text: 'Exported. Keep the file and the passphrase apart.' })
      setPassphrase('')
    } catch (failure) {
      setMessage({ error: true, text: failure instanceof Error ? failure.message : String(failure) })
    }
    setBusy(false)
  }
  return (
    <form className="identity-file" onSubmit={submit}>
      <label htmlFor={id}>Passphrase for the file</label>
      <input
        id={id}
        type="password"
        value={passphrase}
        onChange={(event) => setPassphrase(event.target.value)}
        autoComplete="new-password"
      />
      <button type="submit" disabled={busy}>
        Export identity
      </button>
      <span role={message?.error ? 'alert' : 'status'}>{message?.text ?? ''}</span>
    </form>
  )
}

/** Import identity: reads an exported file back; a wrong passphrase changes nothing. */
export function ImportIdentity({ manager, onDone }: { manager: IdentityManager; onDone?(): void }) {
  const [file, setFile] = useState<File | null>(null)
  const [passphrase, setPassphrase] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const ids = { file: useId(), passphrase: useId() }
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!file) return setError('Choose the identity file first.')
    setBusy(true)
    try {
      await manager.importPayload(await importIdentityFile(await file.text(), passphrase))
      setError(null)
      onDone?.()
    } catch (failure) {
      setError(
        failure instanceof WrongSecretError
          ? WRONG_PASSPHRASE
          : failure instanceof Error
            ? failure.message
            : String(failure),
      )
    }
    setBusy(false)
  }
  return (
    <form className="identity-file" onSubmit={submit}>
      <label htmlFor={ids.file}>Identity file</label>
      <input
        id={ids.file}
        type="file"
        accept=".json,application/json"
        onChange={(event) => setFile(event.target.files?.[0] ?? null)}
      />
      <label htmlFor={ids.passphrase}>Passphrase of the file</label>
      <input
        id={ids.passphrase}
        type="password"
        value={passphrase}
        onChange={(event) => setPassphrase(event.target.value)}
        autoComplete="current-password"
      />
      <button type="submit" disabled={busy}>
        Import identity
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  )
}
