// "Message privately": derives the room the two people share, closes it to the two of them (its
// first entry lists both keys, which the relay enforces), and tells the other person through an
// invitation in their inbox. Everything is stored by the relay before the room is opened, so the
// app's own first entries (profile, join) can never come before the member list.
import { envelopeOf, signingBytes } from '@parley/protocol'
import * as Y from 'yjs'
import { generateIdentityKeys } from '../identity/keys'
import { createSigner, type Signer } from '../identity/signer'
import { createRoomWriter, getLog, type LogId } from '../room'
import { dmRoomId, inboxRoomOf, pair } from './dmRoom'
import { sealInvitation } from './invitation'
import type { KeyAgreement } from './keyAgreement'
import { writeWhenSynced } from './syncedWrite'

export interface DirectMessageSender {
  key: string
  signer: Signer
  agreement: KeyAgreement
  name: string
  color: string
}

export interface Peer {
  key: string
  /** Their X25519 public key, from their signed profile. */
  dh: string
}

/** The room `me` and `peer` share (see dmRoom.ts). */
export async function directRoomOf(me: DirectMessageSender, peer: Peer): Promise<string> {
  return dmRoomId(await me.agreement.sharedSecret(peer.dh), me.key, peer.key)
}

/** Writes the member list as the room's first entry, unless the room already has entries. */
async function closeRoom(me: DirectMessageSender, room: string, peer: Peer): Promise<void> {
  const user = { id: me.key, name: me.name, color: me.color }
  await writeWhenSynced(room, { user, persist: true }, async ({ doc }) => {
    if (getLog(doc).length > 0) return null // the other person started it first
    const writer = createRoomWriter(doc, room, me.signer)
    const written = await writer.append({ type: 'members', keys: pair(me.key, peer.key) })
    return written?.logId ?? null
  })
}

/**
 * Pushes `body` into the inbox under a one-time signing key (and so a Yjs client id of its own: the
 * relay binds each client id to the first key that writes under it).
 */
async function postToInbox(inbox: string, body: string, doc: Y.Doc): Promise<LogId> {
  const { keyPair, key } = await generateIdentityKeys()
  const signer = createSigner(keyPair.privateKey, key)
  const envelope = envelopeOf(key, body, await signer.sign(signingBytes(inbox, key, body)))
  const logId = { client: doc.clientID, clock: Y.getState(doc.store, doc.clientID) }
  doc.transact(() => getLog(doc).push([envelope]))
  return logId
}

/** Starts (or re-announces) the direct message with `peer`; resolves with the room id. */
export async function startDirectMessage(me: DirectMessageSender, peer: Peer): Promise<string> {
  const room = await directRoomOf(me, peer)
  await closeRoom(me, room, peer)
  const body = await sealInvitation({
    sender: { signer: me.signer, agreement: me.agreement, name: me.name },
    recipient: peer,
    room,
    ts: Date.now(),
  })
  const inbox = await inboxRoomOf(peer.key)
  const user = { id: me.key, name: me.name, color: me.color }
  await writeWhenSynced(inbox, { user, persist: false }, ({ doc }) => postToInbox(inbox, body, doc))
  return room
}
