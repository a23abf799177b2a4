import { firstLine, type MessageItem } from '../../room'

/** "Replying to X" above the composer while a reply is being written. */
export function ReplyBanner({ item, onCancel }: { item: MessageItem; onCancel(): void }) {
  const line = firstLine(item.text) || 'attachment'
  return (
    <div className="reply-banner" role="status">
      <span>
        Replying to <strong>{item.author.name}</strong>: {line}
      </span>
      <button type="button" className="secondary" onClick={onCancel} aria-label="Cancel reply">
        Cancel
      </button>
    </div>
  )
}
