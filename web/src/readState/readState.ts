// Opens this person's read-state document: its id comes from their private key, so every device of
// theirs finds the same one and nobody else can name it; it syncs through the relay like a room.
import { toBase64url } from '@parley/protocol'
import type { Signer } from '../identity/signer'
import { createEd25519Verifier } from '../identity/verifier'
import { getLog } from '../room'
import { openRoom, type RoomConnection } from '../sync'
import { createReadStateDoc, type ReadStateDoc } from './readStateDoc'

const ID_DOMAIN = 'parley/read-state-id/v1'
const ID_CHARS = 22
export const READ_STATE_PREFIX = 'reads-'

/**
 * The read-state document's id. Ed25519 signatures are deterministic, so signing a fixed text
 * gives every holder of the private key the same bytes and nobody else any way to compute them;
 * the text is outside the `parley/entry/v1` domain, so it can never pass for an entry's signature.
 */
export async function readStateRoomId(signer: Signer): Promise<string> {
  const signature = await signer.sign(new TextEncoder().encode(ID_DOMAIN))
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', signature as BufferSource))
  return READ_STATE_PREFIX + toBase64url(digest).slice(0, ID_CHARS)
}

/** How long a device with no local copy waits for the relay before it goes on without it. */
const FIRST_SYNC_WAIT_MS = 10_000

export interface ReadState extends ReadStateDoc {
  /**
   * Resolves once the positions can be trusted: the local copy is read and, on a device that has
   * none yet, the relay has answered (or FIRST_SYNC_WAIT_MS passed: offline). Before that, a room
   * would look never read, and opening it would mark everything read.
   */
  whenLoaded: Promise<void>
}

function whenSyncedOrLate(connection: RoomConnection): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, FIRST_SYNC_WAIT_MS)
    const stop = connection.subscribe(() => {
      if (connection.getState().synced) done()
    })
    function done() {
      clearTimeout(timer)
      stop()
      resolve()
    }
    if (connection.getState().synced) done()
  })
}

/** Opens the read-state document of `signer`'s person; `close` writes what is waiting first. */
export async function openReadState(signer: Signer): Promise<ReadState> {
  const roomId = await readStateRoomId(signer)
  const connection: RoomConnection = openRoom(roomId, {
    user: { id: signer.key, name: '', color: '' },
    presence: false,
  })
  const state = createReadStateDoc(connection.doc, { room: roomId, signer, verify: createEd25519Verifier() })
  // Claimed only once the relay has answered: before that an empty local copy says nothing.
  let claiming = false
  const claimWhenSynced = () => {
    if (claiming || !connection.getState().synced) return
    claiming = true
    void state.claim()
  }
  const stopClaim = connection.subscribe(claimWhenSynced)
  claimWhenSynced()
  const flushOnHide = () => void state.flush()
  globalThis.addEventListener?.('pagehide', flushOnHide)
  return {
    ...state,
    whenLoaded: connection.whenLoaded.then(() =>
      getLog(connection.doc).length > 0 ? undefined : whenSyncedOrLate(connection),
    ),
    close() {
      globalThis.removeEventListener?.('pagehide', flushOnHide)
      stopClaim()
      void state.flush().finally(() => {
        state.close()
        void connection.close()
      })
    },
  }
}
