// What the room's info says about the entries it does not show, and about verification. Pure.
import type { RoomSnapshot } from '../room'

const REASONS = {
  badSignature: 'bad signature',
  unsigned: 'not signed',
  wrongAuthor: 'change by someone other than the author',
  duplicate: 'replayed copy',
} as const

function entries(count: number): string {
  return `${count.toLocaleString('en')} ${count === 1 ? 'entry' : 'entries'}`
}

/** One line per reason something was ignored, e.g. "3 entries ignored: bad signature". */
export function ignoredLines(verification: RoomSnapshot['verification']): string[] {
  const lines: string[] = []
  for (const [reason, words] of Object.entries(REASONS)) {
    const count = verification.ignored[reason as keyof typeof REASONS]
    if (count > 0) lines.push(`${entries(count)} ignored: ${words}`)
  }
  return lines
}

/** Where verification stands: "Verifying 1,200 entries…" or "Every entry verified". */
export function verificationLine(verification: RoomSnapshot['verification']): string {
  return verification.pending > 0 ? `Verifying ${entries(verification.pending)}…` : 'Every entry verified'
}
