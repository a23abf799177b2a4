// "Repair this room": rebuilds this device's copy of a room from the relay, keeping every message.
//
// After a permanent refusal everything this device writes under its Yjs client id depends on the
// refused items (clocks have no gaps; a new entry's left origin is the last one), so the relay
// refuses that too. Writing again takes a new copy of the room with a new client id:
//  1. plan: each entry the relay has not stored is kept aside (refused for what it is) or is to be
//     sent again (repairPlan.ts);
//  2. write both down in this device's archive (refusedArchive.ts) before anything is deleted;
//  3. close the room and delete its IndexedDB database;
//  4. the caller opens the room again: a new Y.Doc, filled from the relay;
//  5. once that has synced, `resumeRepair` appends the entries to send again (the same signed
//     envelopes, so the same ids; they verify again)
//     and clears the journal once the relay has stored them. It runs on every open of the room,
//     so a repair interrupted after step 3 finishes the next time the room is opened.
import { appendCopies, isDurable, type LoggedEntry, type LogId } from '../../room'
import { deleteLocalRoom, type RoomConnection, type RoomState, type StateVector } from '../../sync'
import { finishRepair, loadArchive, recordRepair } from './refusedArchive'
import { planRepair } from './repairPlan'

export const REPAIR_NEEDS_RELAY = 'Repairing needs the relay: wait until this room is online.'
export const ARCHIVE_FAILED =
  'The refused messages could not be kept on this device (storage is full or blocked), so nothing was changed.'

/** What a repair needs of the open room. */
export interface RepairableRoom {
  roomId: string
  /** The identity writing in this room: what it signed is what can be sent again. */
  key: string
  getState(): RoomState
  /** The entries the relay has not stored, in log order (read before the room is closed). */
  unsentEntries(durable: StateVector): LoggedEntry[]
  /** Closes the room; resolves once its database is closed too. */
  close(): Promise<void>
}

/**
 * Whether a repair may start: the history is loaded, and the relay is there to rebuild the room
 * from (a copy deleted without it would leave the room empty on this device until it is back).
 * A relay that closed the connection for good is there too: it did so after refusing this
 * device's updates, and repairing (a new copy, a new connection) is what lets the device back in.
 */
export function canRepair(state: RoomState): boolean {
  return state.loaded && ((state.status === 'online' && state.synced) || state.error !== null)
}

export interface RepairOptions {
  /** Another tab keeps the room's database open; the repair waits for it to close. */
  onBlocked?(): void
  storage?: Storage
  now?: number
}

/**
 * Steps 1 to 3. Resolves with why it did not start (nothing changed), or with null once the local
 * copy is closed and, unless deleting it failed, gone: open the room again either way.
 */
export async function repairRoom(room: RepairableRoom, options: RepairOptions = {}): Promise<string | null> {
  const state = room.getState()
  if (!canRepair(state)) return REPAIR_NEEDS_RELAY
  const plan = planRepair(
    room.unsentEntries(state.durable),
    state.refusals,
    options.now ?? Date.now(),
    room.key,
  )
  try {
    recordRepair(room.roomId, { keep: plan.keep, pending: plan.resend }, options.storage)
  } catch {
    return ARCHIVE_FAILED
  }
  await room.close()
  // Should the deletion fail, reopening is still right: the pending entries are appended only
  // where the log lacks their ids, and the refused ones still show, so the person can try again.
  await deleteLocalRoom(room.roomId, { onBlocked: options.onBlocked }).catch(() => {})
  return null
}

/**
 * Step 5, for a room just opened: appends the entries a repair left to send again once the room
 * has synced with the relay, and forgets them once the relay has stored them. Returns its stop.
 */
export function resumeRepair(connection: RoomConnection, key: string, storage?: Storage): () => void {
  const { pending } = loadArchive(connection.roomId, storage)
  if (pending.length === 0) return () => {}
  let written: LogId[] | null = null
  let stopped = false
  const step = () => {
    const state = connection.getState()
    if (stopped || connection.doc.isDestroyed) return
    if (written === null) {
      // Before the relay's copy is in, the log cannot say which of them it already has.
      if (!state.loaded || !state.synced) return
      written = appendCopies(connection.doc, pending, key)
    }
    if (!written.every((id) => isDurable(id, state.durable))) return
    stop()
    finishRepair(connection.roomId, storage)
  }
  const unsubscribe = connection.subscribe(step)
  const stop = () => {
    stopped = true
    unsubscribe()
  }
  step()
  return stop
}
