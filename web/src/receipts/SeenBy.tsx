/** "Seen by …" under the last message someone has read (read receipts, when both share them). */
export function SeenBy({ names }: { names: readonly string[] | undefined }) {
  if (names === undefined || names.length === 0) return null
  return <p className="seen-by">Seen by {names.join(', ')}</p>
}
