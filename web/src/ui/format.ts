// Dates and times for the message list, in the user's locale.

/** Consecutive messages by one author closer than this are grouped under one header. */
export const GROUP_WINDOW_MS = 5 * 60 * 1000

export function dayKey(ts: number): string {
  const date = new Date(ts)
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`
}

export function formatTime(ts: number): string {
  return new Date(ts).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
}

export function formatDay(ts: number, now = Date.now()): string {
  if (dayKey(ts) === dayKey(now)) return 'Today'
  if (dayKey(ts) === dayKey(now - 24 * 60 * 60 * 1000)) return 'Yesterday'
  return new Date(ts).toLocaleDateString(undefined, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  })
}

export function formatFull(ts: number): string {
  return new Date(ts).toLocaleString()
}
