import type { RoomSnapshot } from '../../room'
import { ignoredLines, verificationLine } from '../roomInfoText'

/** The room's info: verification progress and what was ignored, and why. */
export function RoomInfo({
  verification,
  unverified,
}: {
  verification: RoomSnapshot['verification']
  unverified: boolean
}) {
  const ignored = ignoredLines(verification)
  return (
    <details className="room-info">
      <summary>Room info</summary>
      <ul aria-label="Room info">
        <li role="status">{verificationLine(verification)}</li>
        {ignored.map((line) => (
          <li key={line}>{line}</li>
        ))}
        {unverified ? (
          <li>
            Messages marked “unverified” were written before Parley signed entries: their names are only
            claims.
          </li>
        ) : null}
      </ul>
    </details>
  )
}
