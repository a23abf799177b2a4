import {
  type FormEvent,
  type KeyboardEvent,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react'
import { EmojiPicker } from '../richtext/EmojiPicker'
import { MentionSuggestions } from '../richtext/MentionSuggestions'
import { checkMessageText, MAX_TEXT_CHARS } from '../room'
import './composer.css'
import { useMentionCompletion } from './useMentionCompletion'

/** Typing stops counting after this long without a keystroke. */
const TYPING_IDLE_MS = 3000
/** Show the character counter from this share of the limit on. */
const COUNTER_FROM = 0.8

interface ComposerProps {
  send(text: string): string | null
  setTyping(typing: boolean): void
  /** Names offered after `@` (the room's other members). */
  members?: readonly string[]
  /** Why nothing can be sent from this device now (the room needs repairing), or null. */
  blocked?: string | null
  /** Up in an empty composer: edit your last message. Returns whether there was one. */
  onEditLast?(): boolean
  /** Escape: cancel what the composer is part of (a reply). */
  onCancel?(): void
  /** The text box's name (default "Message"; a thread's composer has its own). */
  label?: string
}

const NO_MEMBERS: readonly string[] = []

export function Composer(props: ComposerProps) {
  const { send, setTyping, members = NO_MEMBERS, blocked = null, onEditLast, onCancel } = props
  const { label = 'Message' } = props
  const [text, setText] = useState('')
  const [caret, setCaret] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const input = useRef<HTMLTextAreaElement>(null)
  /** Where the caret goes after a programmatic edit (completion, emoji). */
  const pendingCaret = useRef<number | null>(null)
  const inputId = useId()
  const errorId = useId()
  const blockedId = useId()
  useEffect(() => () => clearTimeout(idle.current), [])
  useLayoutEffect(() => {
    const at = pendingCaret.current
    if (at === null || !input.current) return
    pendingCaret.current = null
    input.current.focus()
    input.current.setSelectionRange(at, at)
  })

  const edit = (value: string, at: number) => {
    pendingCaret.current = at
    onChange(value, at)
  }
  const completion = useMentionCompletion(text, caret, members, (name) => {
    const next = completion.complete(name)
    edit(next.text, next.caret)
  })

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    // The draft stays; the note below the field already says why it cannot go.
    if (blocked !== null) return
    const problem = send(text)
    setError(problem === 'Message is empty.' ? null : problem)
    if (problem === null) {
      setText('')
      setCaret(0)
      clearTimeout(idle.current)
    }
  }
  function onChange(value: string, at: number) {
    setText(value)
    setCaret(at)
    if (error !== null) setError(checkMessageText(value) === null ? null : error)
    setTyping(value.length > 0)
    clearTimeout(idle.current)
    idle.current = setTimeout(() => setTyping(false), TYPING_IDLE_MS)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing || completion.onKeyDown(event)) return
    if (event.key === 'Enter' && !event.shiftKey) submit(event)
    else if (event.key === 'ArrowUp' && text === '' && !event.altKey && onEditLast?.()) event.preventDefault()
    else if (event.key === 'Escape' && onCancel) onCancel()
  }
  const insertEmoji = (emoji: string) => {
    const start = input.current?.selectionStart ?? text.length
    const end = input.current?.selectionEnd ?? text.length
    edit(text.slice(0, start) + emoji + text.slice(end), start + emoji.length)
  }
  const chars = [...text].length
  const listOpen = completion.names.length > 0
  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        {label}
      </label>
      {listOpen ? (
        <MentionSuggestions
          id={completion.listId}
          names={completion.names}
          active={completion.active}
          optionId={completion.optionId}
          choose={(name) => {
            const next = completion.complete(name)
            edit(next.text, next.caret)
          }}
        />
      ) : null}
      <textarea
        id={inputId}
        ref={input}
        value={text}
        rows={1}
        placeholder="Write a message"
        onChange={(event) => onChange(event.target.value, event.target.selectionStart)}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        aria-autocomplete="list"
        aria-controls={listOpen ? completion.listId : undefined}
        aria-activedescendant={listOpen ? completion.optionId(completion.active) : undefined}
        aria-invalid={error !== null}
        aria-describedby={[error ? errorId : '', blocked ? blockedId : ''].join(' ').trim() || undefined}
      />
      <EmojiPicker pick={insertEmoji} />
      <button type="submit" disabled={blocked !== null}>
        Send
      </button>
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
      {blocked ? (
        <p id={blockedId} className="composer-blocked">
          {blocked}
        </p>
      ) : null}
    </form>
  )
}
