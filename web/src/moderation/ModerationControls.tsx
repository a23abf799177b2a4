import { LEVEL_MEMBER, LEVEL_MODERATOR, LEVEL_OWNER } from '@parley/protocol'
import { useState } from 'react'
import './moderation.css'
import type { ModerationActions } from './moderationActions'
import { levelIn, type Moderation } from './moderationFold'
import { canModerate, levelName, levelsToGive } from './permissions'

interface ModerationControlsProps {
  moderation: Moderation
  actions: ModerationActions
  me: string
  target: string
  name: string
}

const GIVE_LABEL: Record<number, string> = {
  [LEVEL_OWNER]: 'Make owner',
  [LEVEL_MODERATOR]: 'Make moderator',
  [LEVEL_MEMBER]: 'Remove moderator',
}

/**
 * A person's role in the room and, for those above them, mute, ban and role buttons (on their
 * profile card). Only what the room's rules will honour is offered.
 */
export function ModerationControls({ moderation, actions, me, target, name }: ModerationControlsProps) {
  const [problem, setProblem] = useState<string | null>(null)
  const level = levelIn(moderation, target)
  const muted = moderation.muted.has(target)
  const banned = moderation.banned.has(target)
  const run = (write: () => string | null) => setProblem(write())
  const moderates = canModerate(moderation, me, target)
  const levels = levelsToGive(moderation, me, target)
  const state = [levelName(level), muted && 'muted', banned && 'banned'].filter(Boolean).join(', ')
  return (
    <div className="moderation-controls">
      <p className="moderation-state">
        {me === target ? 'You are' : `${name} is`} {state} in this room.
      </p>
      {moderates || levels.length > 0 ? (
        <fieldset className="moderation-buttons">
          <legend className="visually-hidden">Moderate {name}</legend>
          {moderates ? (
            <>
              <button type="button" onClick={() => run(() => actions.mute(target, !muted))}>
                {muted ? 'Unmute' : 'Mute'}
              </button>
              <button
                type="button"
                className={banned ? undefined : 'danger'}
                onClick={() => run(() => actions.ban(target, !banned))}
              >
                {banned ? 'Lift ban' : 'Ban'}
              </button>
            </>
          ) : null}
          {levels.map((give) => (
            <button key={give} type="button" onClick={() => run(() => actions.setLevel(target, give))}>
              {me === target && give !== LEVEL_OWNER ? `Step down to ${levelName(give)}` : GIVE_LABEL[give]}
            </button>
          ))}
        </fieldset>
      ) : null}
      {problem ? <p role="alert">{problem}</p> : null}
    </div>
  )
}
