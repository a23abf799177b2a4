// Deletes this device's copy of a room: its IndexedDB database (history, durable state, refusals
// and view cache; see readLocalRoom.ts for the name). Used to rebuild a room from the relay.
//
// Not y-indexeddb's clearDocument: it never settles while another tab holds the database open
// (the deletion is "blocked" until that tab lets go), and the person has to be told why.
import { localDbName } from './readLocalRoom'

export interface DeleteOptions {
  /** Called when another tab of this room keeps the database open; the deletion waits for it. */
  onBlocked?(): void
}

/** Resolves once the database is gone; close the room (and await its close) first. */
export function deleteLocalRoom(roomId: string, options: DeleteOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(localDbName(roomId))
    request.onsuccess = () => resolve()
    request.onerror = () => reject(request.error ?? new Error('the room could not be deleted'))
    request.onblocked = () => options.onBlocked?.()
  })
}
