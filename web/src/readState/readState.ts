// Opens this person's read state: documents whose ids come from their private key, so every
// device of theirs finds the same ones and nobody else can name them; each syncs through the relay
// like a room. There is one document per generation (readStateChain.ts keeps them small).
import { toBase64url } from '@parley/protocol'
import type { Signer } from '../identity/signer'
import { createEd25519Verifier } from '../identity/verifier'
import { getLog } from '../room'
import { openRoom, type RoomConnection } from '../sync'
import { type GenerationHandle, openReadStateChain, type ReadStateChain } from './readStateChain'
import { createReadStateDoc } from './readStateDoc'

const ID_DOMAIN = 'parley/read-state-id/v1'
/** Where a device remembers the generation it used last, per person. */
const GENERATION_KEY = 'parley.read-state-generation.'
const ID_CHARS = 22
export const READ_STATE_PREFIX = 'reads-'

/**
 * The id of the read state's document of `generation`. Ed25519 signatures are deterministic, so
 * signing a fixed text gives every holder of the private key the same bytes and nobody else any
 * way to compute them; the text is outside the `parley/entry/v1` domain, so it can never pass for
 * an entry's signature. Generation 0 is the document from before there were generations.
 */
export async function readStateRoomId(signer: Signer, generation = 0): Promise<string> {
  const text = generation === 0 ? ID_DOMAIN : `${ID_DOMAIN}/${generation}`
  const signature = await signer.sign(new TextEncoder().encode(text))
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', signature as BufferSource))
  return READ_STATE_PREFIX + toBase64url(digest).slice(0, ID_CHARS)
}

/** How long a device with no local copy waits for the relay before it goes on without it. */
const FIRST_SYNC_WAIT_MS = 10_000

/**
 * The read state of one person. `whenLoaded` resolves once the positions can be trusted: the local
 * copy is read and, on a device that has none yet, the relay has answered (or FIRST_SYNC_WAIT_MS
 * passed: offline). Before that, a room would look never read, and opening it would mark
 * everything read.
 */
export type ReadState = ReadStateChain

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

/** Opens the document of one generation; it is claimed once the relay has answered. */
async function openGeneration(signer: Signer, generation: number): Promise<GenerationHandle> {
  const roomId = await readStateRoomId(signer, generation)
  const connection: RoomConnection = openRoom(roomId, {
    user: { id: signer.key, name: '', color: '' },
    presence: false,
  })
  const state = createReadStateDoc(connection.doc, { room: roomId, signer, verify: createEd25519Verifier() })
  // Claimed only once the relay has answered: before that an empty local copy says nothing.
  let claimed = () => {}
  const whenClaimed = new Promise<void>((resolve) => {
    claimed = resolve
  })
  let claiming = false
  const claimWhenSynced = () => {
    if (claiming || !connection.getState().synced) return
    claiming = true
    void state.claim().then(claimed)
  }
  const stopClaim = connection.subscribe(claimWhenSynced)
  claimWhenSynced()
  const flushOnHide = () => void state.flush()
  globalThis.addEventListener?.('pagehide', flushOnHide)
  return {
    state,
    whenClaimed,
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

function rememberedGeneration(key: string): number {
  const stored = Number(globalThis.localStorage?.getItem(GENERATION_KEY + key))
  return Number.isSafeInteger(stored) && stored > 0 ? stored : 0
}

/** Opens the read state of `signer`'s person; `close` writes what is waiting first. */
export function openReadState(signer: Signer): Promise<ReadState> {
  return openReadStateChain({
    open: (generation) => openGeneration(signer, generation),
    remembered: rememberedGeneration(signer.key),
    remember: (generation) =>
      globalThis.localStorage?.setItem(GENERATION_KEY + signer.key, String(generation)),
  })
}
