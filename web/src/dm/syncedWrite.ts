// One write to a room this tab does not show: open it, wait until it is in step with the relay,
// write, wait until the relay has it on disk, close. Starting a direct message needs this twice
// (the room's `members` entry, then the invitation in the other person's inbox), and both must
// be stored before anyone relies on them.
import { isDurable, type LogId } from '../room'
import { openRoom, type RoomConnection, type RoomState } from '../sync'

/** How long a write may wait for the relay before it is given up (the caller says why). */
const WRITE_TIMEOUT_MS = 15_000

function until(
  connection: RoomConnection,
  ready: (state: RoomState) => boolean,
  what: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const state = connection.getState()
      if (state.error !== null) finish(new Error(state.error))
      else if (ready(state)) finish(null)
    }
    const timer = setTimeout(
      () => finish(new Error(`The relay did not answer in time (${what}).`)),
      WRITE_TIMEOUT_MS,
    )
    const unsubscribe = connection.subscribe(check)
    function finish(error: Error | null) {
      clearTimeout(timer)
      unsubscribe()
      if (error === null) resolve()
      else reject(error)
    }
    check()
  })
}

/**
 * Opens `roomId`, and once it is synced runs `write` on its doc (which returns where it wrote, or
 * null for nothing); resolves once that is stored by the relay, and the room is closed again.
 */
export async function writeWhenSynced(
  roomId: string,
  options: { user: { id: string; name: string; color: string }; persist: boolean },
  write: (connection: RoomConnection) => Promise<LogId | null>,
): Promise<void> {
  const connection = openRoom(roomId, { user: options.user, persist: options.persist, presence: false })
  try {
    await connection.whenLoaded
    await until(connection, (state) => state.synced, 'sync')
    const logId = await write(connection)
    if (logId !== null) await until(connection, (state) => isDurable(logId, state.durable), 'store')
  } finally {
    await connection.close()
  }
}
