// This person's profile and join in one room. A person writes a profile entry when they join a
// room and whenever a room they open lacks their current profile; a newer profile of their own
// key written by another of their devices is adopted on this one (identity/profile.ts decides
// which). The room's view of their profile is only trusted once its history is verified, so
// nothing is written before that, except with the first message written offline.
import { reconcileProfile, sameContent } from '../identity/profile'
import { appendJoin, appendProfile, type RoomFold, type RoomWriter } from '../room'
import type { RoomState } from '../sync'
import type { RoomIdentity } from './roomIdentity'

export interface OwnProfile {
  /** Writes the profile (if the room lacks it) and a join (if this person is not a member yet). */
  join(): void
  close(): void
}

interface Room {
  fold: RoomFold
  writer: RoomWriter
  getState(): RoomState
  subscribeState(listener: () => void): () => void
  /** Why nothing can be written now (the room must be repaired first), or null. */
  blocked(): string | null
}

export function keepOwnProfile(room: Room, me: RoomIdentity): OwnProfile {
  const { fold, writer } = room
  /** What this session last wrote, so a profile on its way is not written again. */
  let written: ReturnType<RoomIdentity['getProfile']> | null = null
  let joined = false
  const verified = () => room.getState().loaded && fold.getSnapshot().verification.pending === 0
  const send = <T>(write: () => Promise<T>) => {
    void write().catch((error: unknown) => console.error('Parley could not write to the room:', error))
  }
  const reconcile = (mayWrite: boolean) => {
    const local = me.getProfile()
    const step = reconcileProfile(local, fold.profileOf(me.key), me.dh)
    if (step.kind === 'adopt') me.adopt(step.profile)
    if (step.kind !== 'write' || !mayWrite || room.blocked() !== null) return
    if (written && written.seq === step.profile.seq && sameContent(written, step.profile)) return
    written = step.profile
    if (step.profile.seq > local.seq) me.adopt(step.profile)
    send(() => appendProfile(writer, me.dh === null ? step.profile : { ...step.profile, dh: me.dh }))
  }
  const join = () => {
    if (room.blocked() !== null) return
    reconcile(true)
    if (joined || fold.getSnapshot().members.has(me.key)) return
    joined = true
    send(() => appendJoin(writer))
  }
  // A newcomer announces themselves once their history is complete and verified: after the relay
  // sync, or (offline) with their first message.
  const update = () => {
    if (!verified()) return reconcile(false)
    if (room.getState().synced) join()
    else reconcile(false)
  }
  const unsubscribeFold = fold.subscribe(update)
  const unsubscribeState = room.subscribeState(update)
  const unsubscribeProfile = me.subscribeProfile(() => {
    if (verified()) reconcile(true)
  })
  return {
    join,
    close() {
      unsubscribeFold()
      unsubscribeState()
      unsubscribeProfile()
    },
  }
}
