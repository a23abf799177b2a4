/** The tab title: the room and, while hidden, how many messages came in. */
export function documentTitle(roomTitle: string | null, newCount: number): string {
  const base = roomTitle ? `${roomTitle} — Parley` : 'Parley'
  return newCount > 0 ? `(${newCount > 99 ? '99+' : newCount}) ${base}` : base
}
