// Hooks for a room's call: its state as plain data, and the ring of an incoming call.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { useDirectMessagesContext } from '../dm/useDirectMessages'
import { showNotification } from '../notify/desktop'
import type { CallSession, CallState } from './callSession'
import { callers, ringsFor, startRinging } from './ringing'

const NO_ROOMS: ReadonlySet<string> = new Set()

export function useCall(call: CallSession): CallState {
  return useSyncExternalStore(call.subscribe, call.getState)
}

/**
 * Whether an incoming call rings now: in a direct message, one that started while this room was
 * open, that this person is not in and has not dismissed. Rings with a sound, and a notification
 * when the tab is hidden. (A direct message that is not open rings from IncomingCalls instead.)
 */
export function useRinging(
  state: CallState,
  room: { id: string; title: string },
  myKey: string,
): { ringing: boolean; dismiss(): void } {
  const directRooms = useDirectMessagesContext()?.rooms ?? NO_ROOMS
  const others = callers(state.participants, myKey)
  // A call is known by its first participant: it lasts as long as they stay in it.
  const callKey = others[0] === undefined ? null : `${others[0].clientId}:${others[0].since}`
  const [seenAtOpen] = useState(callKey)
  const [dismissed, setDismissed] = useState<string | null>(null)
  const ringing =
    callKey !== null &&
    callKey !== seenAtOpen &&
    callKey !== dismissed &&
    state.phase === 'idle' &&
    ringsFor(room.id, directRooms)
  const callerName = others[0]?.name ?? ''
  const title = useRef(room.title)
  title.current = room.title
  useEffect(() => {
    if (!ringing) return
    const stop = startRinging()
    if (document.visibilityState === 'hidden') {
      showNotification(`${callerName} is calling`, `Call in ${title.current}`, `call:${room.id}`, () => {})
    }
    return stop
  }, [ringing, callerName, room.id])
  return { ringing, dismiss: () => setDismissed(callKey) }
}
