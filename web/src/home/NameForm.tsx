import { type FormEvent, useId, useState } from 'react'
import { MAX_NAME_CHARS } from '../room'

interface NameFormProps {
  name: string
  /** Returns (or resolves with) the error to show, or null when saved. */
  save(name: string): string | null | Promise<string | null>
  submitLabel: string
}

/** The "Your name" field: the first thing a new visitor sees (editable later in Settings). */
export function NameForm({ name, save, submitLabel }: NameFormProps) {
  const [value, setValue] = useState(name)
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const id = useId()
  const [busy, setBusy] = useState(false)
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const problem = await save(value)
    setBusy(false)
    setError(problem)
    setSaved(problem === null)
  }
  return (
    <form className="name-form" onSubmit={onSubmit}>
      <label htmlFor={id}>Your name</label>
      <input
        id={id}
        value={value}
        onChange={(event) => {
          setValue(event.target.value)
          setSaved(false)
        }}
        maxLength={MAX_NAME_CHARS}
        autoComplete="nickname"
        required
      />
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
      <span aria-live="polite">{saved && name ? 'Saved' : ''}</span>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  )
}
