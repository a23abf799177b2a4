export type ConnectionWord = 'online' | 'offline' | 'reconnecting'

const LABEL: Record<ConnectionWord, string> = {
  online: 'Online',
  offline: 'Offline — messages are kept on this device',
  reconnecting: 'Reconnecting…',
}

interface ConnectionBadgeProps {
  status: ConnectionWord
  /** Why the relay closed the connection for good. */
  error: string | null
  /** News about the link that asks nothing of the person (e.g. the relay cannot store right now). */
  notice?: string | null
}

/** The page's only role="status": its text holds exactly one of online / offline / reconnecting. */
export function ConnectionBadge({ status, error, notice = null }: ConnectionBadgeProps) {
  return (
    <p
      className={`connection connection-${status}`}
      role="status"
      data-status={status}
      title={error ?? undefined}
    >
      <span className="connection-dot" aria-hidden="true" />
      {LABEL[status]}
      {error ? <span className="connection-error"> {error}</span> : null}
      {notice ? <span className="connection-notice"> — {notice}</span> : null}
    </p>
  )
}
