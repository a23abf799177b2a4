// Which rooms a typed name finds, best first: shared by the sidebar's search box and the quick
// switcher. Pure, so it is tested without a DOM.

export interface NamedRoom {
  id: string
  title: string | null
}

export const UNTITLED = 'Untitled room'

export function roomName(room: NamedRoom): string {
  return room.title ?? UNTITLED
}

/** Lower case without accents, so "cafe" finds "Café". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/**
 * Rooms whose name holds every word of `query`; a name that starts with the query comes first,
 * then one with a word that does, then the rest, each group in the order given.
 */
export function matchRooms<T extends NamedRoom>(rooms: readonly T[], query: string): T[] {
  const words = fold(query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...rooms]
  const whole = fold(query.trim())
  const rank = (name: string) =>
    name.startsWith(whole) ? 0 : name.split(/\s+/).some((w) => w.startsWith(whole)) ? 1 : 2
  return rooms
    .map((room, order) => ({ room, order, name: fold(roomName(room)) }))
    .filter(({ name }) => words.every((word) => name.includes(word)))
    .sort((a, b) => rank(a.name) - rank(b.name) || a.order - b.order)
    .map(({ room }) => room)
}

/** The room `step` places after (or before) `currentId` in `rooms`, wrapping around; null if none. */
export function neighbourRoom<T extends NamedRoom>(
  rooms: readonly T[],
  currentId: string | null,
  step: 1 | -1,
): T | null {
  if (rooms.length === 0) return null
  const at = rooms.findIndex((room) => room.id === currentId)
  if (at < 0) return (step === 1 ? rooms[0] : rooms[rooms.length - 1]) ?? null
  return rooms[(at + step + rooms.length) % rooms.length] ?? null
}
