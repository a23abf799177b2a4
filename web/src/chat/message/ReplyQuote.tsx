import type { MessageItem } from '../../room'

/** The quote above a reply; clicking it brings the answered message into view. */
export function ReplyQuote({ item, onJump }: { item: MessageItem; onJump(entryId: string): void }) {
  const { quote } = item
  if (quote === null) {
    return <p className="reply-quote reply-quote-missing">Reply to a message that has not arrived yet</p>
  }
  const line = quote.retracted
    ? 'message removed'
    : quote.firstLine || `${quote.attachmentCount} attachment${quote.attachmentCount === 1 ? '' : 's'}`
  return (
    <button
      type="button"
      className="reply-quote"
      style={{ '--quote-color': quote.author.color } as React.CSSProperties}
      onClick={() => onJump(quote.entryId)}
      aria-label={`Reply to ${quote.author.name}: ${line}. Show the original message`}
    >
      <span className="reply-quote-author">{quote.author.name}</span>{' '}
      <span className={quote.retracted ? 'reply-quote-text removed' : 'reply-quote-text'}>{line}</span>
    </button>
  )
}
