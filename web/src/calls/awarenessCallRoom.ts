// A room's presence and signals as a CallRoom: the call's participants are read from awareness
// states, and this device's `call` field is published in its own awareness state.
import type { Awareness } from 'y-protocols/awareness'
import type { SignalChannel } from '../sync'
import { type CallField, type CallParticipant, readCall, sameCall } from './callPresence'
import type { CallRoom } from './callSession'

export interface AwarenessCallRoom extends CallRoom {
  close(): void
}

export function awarenessCallRoom(
  awareness: Awareness,
  signals: SignalChannel,
  myKey: string,
): AwarenessCallRoom {
  let participants: CallParticipant[] = readCall(awareness.getStates())
  const listeners = new Set<() => void>()
  const onChange = () => {
    const next = readCall(awareness.getStates())
    if (sameCall(participants, next)) return
    participants = next
    for (const listener of listeners) listener()
  }
  awareness.on('change', onChange)
  return {
    myKey,
    signals,
    getParticipants: () => participants,
    subscribeParticipants(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    publish(field: CallField | null) {
      // Not present (a room kept open in the background): the field waits for presence.
      if (awareness.getLocalState() === null) return
      awareness.setLocalStateField('call', field)
    },
    close() {
      awareness.off('change', onChange)
      listeners.clear()
    },
  }
}
