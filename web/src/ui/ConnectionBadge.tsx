export type ConnectionWord = 'online' | 'offline' | 'reconnecting'

const LABEL: Record<ConnectionWord, string> = {
  online: 'Online',
  offline: 'Offline — messages are kept on this device',
  reconnecting: 'Reconnecting…',
}

/** The page's only role="status": its text holds exactly one of online / offline / reconnecting. */
export function ConnectionBadge({ status, error }: { status: ConnectionWord; error: string | null }) {
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
    </p>
  )
}
