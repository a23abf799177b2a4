import type { Member, MessageItem } from '../../room'

interface ReactionChipsProps {
  item: MessageItem
  members: ReadonlyMap<string, Member>
  myId: string
  onToggle(emoji: string): void
}

function names(userIds: readonly string[], members: ReadonlyMap<string, Member>, myId: string): string {
  const list = userIds.map((id) => (id === myId ? 'you' : (members.get(id)?.name ?? 'someone')))
  if (list.length <= 1) return list.join('')
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`
}

/** One chip per emoji: its count, who reacted (title), pressed when you did; click to toggle. */
export function ReactionChips({ item, members, myId, onToggle }: ReactionChipsProps) {
  if (item.reactions.length === 0) return null
  return (
    <ul className="reactions" aria-label="Reactions">
      {item.reactions.map(({ emoji, userIds, count }) => {
        const mine = userIds.includes(myId)
        return (
          <li key={emoji}>
            <button
              type="button"
              className={mine ? 'reaction reaction-mine' : 'reaction'}
              aria-pressed={mine}
              title={`${names(userIds, members, myId)} reacted with ${emoji}`}
              onClick={() => onToggle(emoji)}
            >
              {emoji} {count}
            </button>
          </li>
        )
      })}
    </ul>
  )
}
