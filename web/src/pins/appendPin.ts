// Writes a pin or unpin entry into a room's log, signed like every entry. Not through the room
// writer: its entries are the ones the room's schema reads, and the room fold ignores pins (the
// pins fold reads them).
import { envelopeOf, signingBytes } from '@parley/protocol'
import type * as Y from 'yjs'
import type { Signer } from '../identity/signer'
import { getLog } from '../room'
import { encodePinBody, type PinMark } from './pinRules'

export async function appendPin(doc: Y.Doc, room: string, signer: Signer, mark: PinMark, now = Date.now()) {
  const body = encodePinBody(mark, now)
  const signature = await signer.sign(signingBytes(room, signer.key, body))
  if (!doc.isDestroyed) getLog(doc).push([envelopeOf(signer.key, body, signature)])
}
