// Dates and times for the message list, in the user's locale.
//
// These run for every row of a 100k-entry room when the list estimates its height, so formatters
// are created once (`toLocale*String` builds a new Intl formatter per call) and day keys are
// memoized per quarter hour: every time zone offset and DST change is a multiple of 15 minutes, so
// all instants of one UTC quarter hour fall on the same local day.

/** Consecutive messages by one author closer than this are grouped under one header. */
export const GROUP_WINDOW_MS = 5 * 60 * 1000

const QUARTER_HOUR_MS = 15 * 60 * 1000
/** Bounds the day-key memo (about a decade of quarter hours with messages in them). */
const MAX_DAY_KEYS = 400_000

const dayKeys = new Map<number, string>()
let timeFormat: Intl.DateTimeFormat | null = null
let dayFormat: Intl.DateTimeFormat | null = null
let fullFormat: Intl.DateTimeFormat | null = null

export function dayKey(ts: number): string {
  const quarter = Math.floor(ts / QUARTER_HOUR_MS)
  let key = dayKeys.get(quarter)
  if (key === undefined) {
    const date = new Date(ts)
    key = `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`
    if (dayKeys.size >= MAX_DAY_KEYS) dayKeys.clear()
    dayKeys.set(quarter, key)
  }
  return key
}

export function formatTime(ts: number): string {
  timeFormat ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
  return timeFormat.format(ts)
}

export function formatDay(ts: number, now = Date.now()): string {
  if (dayKey(ts) === dayKey(now)) return 'Today'
  if (dayKey(ts) === dayKey(now - 24 * 60 * 60 * 1000)) return 'Yesterday'
  dayFormat ??= new Intl.DateTimeFormat(undefined, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  })
  return dayFormat.format(ts)
}

export function formatFull(ts: number): string {
  // The fields `Date.prototype.toLocaleString()` shows by default.
  fullFormat ??= new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
  })
  return fullFormat.format(ts)
}
