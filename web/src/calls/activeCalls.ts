// Who is in each room's call, for the sidebar: published by every room this tab has open (shown,
// kept open or synced in the background) from that room's presence. Kept in memory only: a call
// is live state, never history. One store per tab, like the room list it decorates.
import { useSyncExternalStore } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { readCall } from './callPresence'

const NONE: readonly string[] = []
const names = new Map<string, readonly string[]>()
const listeners = new Set<() => void>()

function publish(roomId: string, next: readonly string[]): void {
  const before = names.get(roomId) ?? NONE
  if (before.join('\n') === next.join('\n')) return
  if (next.length === 0) names.delete(roomId)
  else names.set(roomId, next)
  for (const listener of listeners) listener()
}

/** Publishes the call of `roomId` as its presence changes; returns the stop (which clears it). */
export function publishActiveCall(roomId: string, awareness: Awareness): () => void {
  const update = () =>
    publish(
      roomId,
      readCall(awareness.getStates()).map((p) => p.name),
    )
  awareness.on('change', update)
  update()
  return () => {
    awareness.off('change', update)
    publish(roomId, NONE)
  }
}

/** The names of those in the room's call (empty when there is none). */
export function useActiveCall(roomId: string): readonly string[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => names.get(roomId) ?? NONE,
  )
}
