// Bounds the relay's unsent data in total, not only per connection. When the sum of what
// connections have buffered passes the high-water mark, every connection stops being read, so no
// new work (and no new fan-out) enters until readers catch up: writers slow down through TCP,
// nothing is dropped. If readers make no progress while everything is paused, the one holding the
// most is closed as too slow, so one stuck reader cannot stall everyone else for long.

/** How often the total is summed; at most this much fan-out can pile up between two checks. */
const CHECK_INTERVAL_MS = 50
/** Paused with no drop in the total for this long: the largest buffer is closed. */
const STALL_MS = 2_000

export interface OutboundLimits {
  /** Unsent bytes across all connections before reading pauses; it resumes below half of it. */
  maxTotalBufferedBytes: number
}

/** What the guard needs of a connection. */
export interface OutboundMember {
  /** Unsent bytes that are this connection's own (a cached frame shared by many counts once). */
  readonly ownBufferedBytes: number
  setReadingPaused(paused: boolean): void
  closeTooSlow(): void
}

export interface OutboundGuard {
  add(member: OutboundMember): void
  remove(member: OutboundMember): void
  /** Counts bytes just queued, so crossing the limit pauses reading at once, not at the next check. */
  noteSent(bytes: number): void
  /** The last measured total; for metrics and health. */
  readonly totalBufferedBytes: number
  readonly paused: boolean
  close(): void
}

export function createOutboundGuard(limits: OutboundLimits, now = () => performance.now()): OutboundGuard {
  const members = new Set<OutboundMember>()
  let paused = false
  let total = 0
  /** Bytes queued since `total` was measured. */
  let sentSinceCheck = 0
  let lowestWhilePaused = Number.POSITIVE_INFINITY
  let progressAt = 0

  const setPaused = (value: boolean) => {
    paused = value
    for (const member of members) member.setReadingPaused(value)
  }

  const check = () => {
    sentSinceCheck = 0
    total = 0
    for (const member of members) total += member.ownBufferedBytes
    if (!paused && total > limits.maxTotalBufferedBytes) {
      setPaused(true)
      lowestWhilePaused = total
      progressAt = now()
    } else if (paused && total < limits.maxTotalBufferedBytes / 2) {
      setPaused(false)
    } else if (paused) {
      if (total < lowestWhilePaused) {
        lowestWhilePaused = total
        progressAt = now()
      } else if (now() - progressAt > STALL_MS) {
        largest()?.closeTooSlow()
        progressAt = now()
      }
    }
  }

  const largest = (): OutboundMember | undefined => {
    let found: OutboundMember | undefined
    for (const member of members) {
      if (found === undefined || member.ownBufferedBytes > found.ownBufferedBytes) found = member
    }
    return found
  }

  const timer = setInterval(check, CHECK_INTERVAL_MS)
  timer.unref()
  return {
    add(member) {
      members.add(member)
      if (paused) member.setReadingPaused(true)
    },
    remove(member) {
      members.delete(member)
    },
    noteSent(bytes) {
      sentSinceCheck += bytes
      if (!paused && total + sentSinceCheck > limits.maxTotalBufferedBytes) check()
    },
    get totalBufferedBytes() {
      return total
    },
    get paused() {
      return paused
    },
    close() {
      clearInterval(timer)
    },
  }
}
