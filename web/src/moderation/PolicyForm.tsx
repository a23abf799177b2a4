import { LEVEL_MEMBER, LEVEL_MODERATOR, LEVEL_OWNER, type RoomPolicy } from '@parley/protocol'
import { useId, useState } from 'react'
import type { ModerationActions } from './moderationActions'
import type { Moderation } from './moderationFold'

const CHOICES = [
  { level: LEVEL_MEMBER, label: 'Everyone' },
  { level: LEVEL_MODERATOR, label: 'Moderators and owners' },
  { level: LEVEL_OWNER, label: 'Owners only' },
]

function LevelSelect(props: { label: string; value: number; onChange(level: number): void }) {
  const id = useId()
  return (
    <p className="policy-field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(event) => props.onChange(Number(event.target.value))}>
        {CHOICES.map((choice) => (
          <option key={choice.level} value={choice.level}>
            {choice.label}
          </option>
        ))}
      </select>
    </p>
  )
}

/** Who may change the room's title and topic: an owner's setting, written as a `policy` entry. */
export function PolicyForm({ moderation, actions }: { moderation: Moderation; actions: ModerationActions }) {
  const [policy, setPolicy] = useState<RoomPolicy>(moderation.policy)
  const [message, setMessage] = useState<string | null>(null)
  const changed = policy.title !== moderation.policy.title || policy.topic !== moderation.policy.topic
  return (
    <fieldset className="policy-form">
      <legend>Who may change the title and topic</legend>
      <LevelSelect label="Title" value={policy.title} onChange={(title) => setPolicy({ ...policy, title })} />
      <LevelSelect label="Topic" value={policy.topic} onChange={(topic) => setPolicy({ ...policy, topic })} />
      <button
        type="button"
        disabled={!changed}
        onClick={() => setMessage(actions.setPolicy(policy) ?? 'Saved')}
      >
        Save who may change them
      </button>
      <span aria-live="polite">{message ?? ''}</span>
    </fieldset>
  )
}
