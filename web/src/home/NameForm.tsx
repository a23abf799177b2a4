import { type FormEvent, useId, useState } from 'react'
import { MAX_NAME_CHARS } from '../room'

interface NameFormProps {
  name: string
  /** Returns the error to show, or null when saved. */
  save(name: string): string | null
  submitLabel: string
}

/** The "Your name" field: the first thing a new visitor sees, editable later on the home page. */
export function NameForm({ name, save, submitLabel }: NameFormProps) {
  const [value, setValue] = useState(name)
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const id = useId()
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const problem = save(value)
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
      <button type="submit">{submitLabel}</button>
      <span aria-live="polite">{saved && name ? 'Saved' : ''}</span>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  )
}
