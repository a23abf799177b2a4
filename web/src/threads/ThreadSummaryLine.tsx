import type { ThreadView } from '../room'
import { Avatar } from '../ui/Avatar'
import { formatTime } from '../ui/format'

/** Under a thread's root: "N replies", the faces of the last repliers and when the last one came. */
export function ThreadSummaryLine({ thread, onOpen }: { thread: ThreadView | undefined; onOpen(): void }) {
  if (thread === undefined || thread.count === 0) return null
  const label = thread.count === 1 ? '1 reply' : `${thread.count} replies`
  return (
    <button type="button" className="thread-summary" onClick={onOpen}>
      <span className="thread-faces" aria-hidden="true">
        {thread.lastRepliers.map((author) => (
          <Avatar key={author.id} name={author.name} color={author.color} avatar={author.avatar} />
        ))}
      </span>
      <span className="thread-count">{label}</span>
      <span className="thread-last">
        {thread.lastRepliers.map((author) => author.name).join(', ')} · last reply{' '}
        {formatTime(thread.lastReplyAt)}
      </span>
    </button>
  )
}
