import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import { checkMessageText, MAX_TEXT_CHARS } from '../room'

/** Typing stops counting after this long without a keystroke. */
const TYPING_IDLE_MS = 3000
/** Show the character counter from this share of the limit on. */
const COUNTER_FROM = 0.8

interface ComposerProps {
  send(text: string): string | null
  setTyping(typing: boolean): void
}

export function Composer({ send, setTyping }: ComposerProps) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const inputId = useId()
  const errorId = useId()
  useEffect(() => () => clearTimeout(idle.current), [])

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    const problem = send(text)
    setError(problem === 'Message is empty.' ? null : problem)
    if (problem === null) {
      setText('')
      clearTimeout(idle.current)
    }
  }
  const onChange = (value: string) => {
    setText(value)
    if (error !== null) setError(checkMessageText(value) === null ? null : error)
    setTyping(value.length > 0)
    clearTimeout(idle.current)
    idle.current = setTimeout(() => setTyping(false), TYPING_IDLE_MS)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event)
  }
  const chars = [...text].length
  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        Message
      </label>
      <textarea
        id={inputId}
        value={text}
        rows={1}
        placeholder="Write a message"
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
      />
      <button type="submit">Send</button>
      {chars >= MAX_TEXT_CHARS * COUNTER_FROM ? (
        <span className={`counter${chars > MAX_TEXT_CHARS ? ' counter-over' : ''}`}>
          {chars.toLocaleString('en')} / {MAX_TEXT_CHARS.toLocaleString('en')}
        </span>
      ) : null}
      {error ? (
        <p id={errorId} className="composer-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  )
}
