// When an incoming call rings, and the ring itself: a two-tone pattern made with WebAudio (no
// sound file to fetch), and a notification when the tab is hidden.
import type { PresenceUser } from '../chat/presence'
import type { CallParticipant } from './callPresence'

/** Rings stop by themselves after this long. */
export const RING_FOR_MS = 30_000
const TONE_HZ = [480, 620]
const RING_PERIOD_MS = 3_000
const RING_ON_MS = 1_200

/**
 * Which rooms ring for incoming calls: direct messages only, where a call can only be addressed to
 * you. A call in a room of many is an invitation to whoever wants it: the room shows it, silently.
 */
export function ringsFor(roomId: string, directRooms: ReadonlySet<string>): boolean {
  return directRooms.has(roomId)
}

/**
 * Whether `contactKey` is calling: in the call of the direct-message room the two share, while
 * this person is in none of it (on any device). `online` is that room's proven presence.
 */
export function isCallingMe(online: readonly PresenceUser[], contactKey: string): boolean {
  if (online.some((user) => user.isMe && user.inCall)) return false
  return online.some((user) => user.id === contactKey && user.inCall)
}

/** Others in the call, when this person is in none of it: the call is "incoming". */
export function callers(participants: readonly CallParticipant[], myKey: string): CallParticipant[] {
  if (participants.some((p) => p.userId === myKey)) return []
  return participants.filter((p) => p.userId !== myKey)
}

/** Plays the ring until the returned stop is called (or RING_FOR_MS passes). */
export function startRinging(): () => void {
  const AudioContextClass = globalThis.AudioContext
  if (AudioContextClass === undefined) return () => {}
  const context = new AudioContextClass()
  const gain = context.createGain()
  gain.gain.value = 0
  gain.connect(context.destination)
  const oscillators = TONE_HZ.map((hz) => {
    const oscillator = context.createOscillator()
    oscillator.frequency.value = hz
    oscillator.connect(gain)
    oscillator.start()
    return oscillator
  })
  const start = context.currentTime
  for (let at = 0; at < RING_FOR_MS / 1000; at += RING_PERIOD_MS / 1000) {
    gain.gain.setValueAtTime(0.08, start + at)
    gain.gain.setValueAtTime(0, start + at + RING_ON_MS / 1000)
  }
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    clearTimeout(timer)
    for (const oscillator of oscillators) oscillator.stop()
    void context.close().catch(() => {})
  }
  const timer = setTimeout(stop, RING_FOR_MS)
  return stop
}
