// `@name` completion state for a textarea: which names match what is typed before the caret,
// which one is active, and the keys that move, choose or dismiss.
import { type KeyboardEvent, useId, useMemo, useState } from 'react'
import { matchNames, mentionQuery } from '../richtext/mentions'

export interface MentionCompletion {
  /** Matching names, empty when the list is closed. */
  names: readonly string[]
  active: number
  listId: string
  optionId(index: number): string
  /** Handles the key if the list is open; returns whether it did. */
  onKeyDown(event: KeyboardEvent): boolean
  /** The text and caret after choosing `name`. */
  complete(name: string): { text: string; caret: number }
}

export function useMentionCompletion(
  text: string,
  caret: number,
  members: readonly string[],
  choose: (name: string) => void,
): MentionCompletion {
  const [active, setActive] = useState(0)
  const [dismissedAt, setDismissedAt] = useState<number | null>(null)
  const listId = useId()
  const query = mentionQuery(text, caret)
  const typed = query?.query ?? null
  const matches = useMemo(() => (typed === null ? [] : matchNames(members, typed)), [members, typed])
  const open = query !== null && query.start !== dismissedAt && matches.length > 0
  const names = open ? matches : []
  const current = Math.min(active, Math.max(0, names.length - 1))

  const onKeyDown = (event: KeyboardEvent): boolean => {
    if (!open) return false
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0
    if (step !== 0) setActive((current + step + names.length) % names.length)
    else if (event.key === 'Enter' || event.key === 'Tab') choose(names[current] ?? '')
    else if (event.key === 'Escape') setDismissedAt(query.start)
    else return false
    event.preventDefault()
    event.stopPropagation()
    return true
  }
  const complete = (name: string) => {
    const start = query?.start ?? caret
    const inserted = `@${name} `
    setActive(0)
    return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length }
  }
  return { names, active: current, listId, optionId: (i) => `${listId}-${i}`, onKeyDown, complete }
}
