import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'

interface EditFormProps {
  text: string
  save(text: string): string | null
  done(): void
}

/** Inline editor for your own message: Enter saves, Shift+Enter breaks the line, Escape cancels. */
export function EditForm({ text, save, done }: EditFormProps) {
  const [value, setValue] = useState(text)
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLTextAreaElement>(null)
  const id = useId()
  // The user just asked to edit: put the caret at the end of the text.
  useEffect(() => {
    const element = input.current
    element?.focus()
    element?.setSelectionRange(element.value.length, element.value.length)
  }, [])
  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    const problem = save(value)
    setError(problem)
    if (problem === null) done()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') done()
    else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event)
  }
  return (
    <form className="edit-form" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Edit message
      </label>
      <textarea
        id={id}
        ref={input}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit">Save</button>
      <button type="button" className="secondary" onClick={done}>
        Cancel
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  )
}

/** "(edited)", opening to the earlier texts. */
export function EditedMarker({ previousTexts }: { previousTexts: readonly string[] }) {
  return (
    <details className="edited">
      <summary>(edited)</summary>
      <ol aria-label="Earlier versions">
        {previousTexts.map((text, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the history only grows at the end
          <li key={i}>{text}</li>
        ))}
      </ol>
    </details>
  )
}
