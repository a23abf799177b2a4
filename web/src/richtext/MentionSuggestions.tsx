interface MentionSuggestionsProps {
  id: string
  names: readonly string[]
  active: number
  optionId(index: number): string
  choose(name: string): void
}

/**
 * The listbox under the composer while `@name` is being typed. The textarea keeps focus and
 * points at the active option with aria-activedescendant; keys are handled there.
 */
export function MentionSuggestions({ id, names, active, optionId, choose }: MentionSuggestionsProps) {
  return (
    <div id={id} role="listbox" aria-label="Mention suggestions" className="mention-suggestions">
      {names.map((name, i) => (
        // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the focused textarea
        <div
          key={name}
          id={optionId(i)}
          role="option"
          tabIndex={-1}
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => choose(name)}
        >
          @{name}
        </div>
      ))}
    </div>
  )
}
