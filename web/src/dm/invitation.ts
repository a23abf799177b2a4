// Invitations to a direct message, as they sit in the recipient's inbox. The inbox is readable by
// anyone who knows the recipient's key, so an invitation tells an onlooker nothing: its body is
// sealed to the recipient (ephemeral X25519 + HKDF-SHA-256 + AES-GCM-256), and its envelope is
// signed by a one-time Ed25519 key, not the sender's (the relay takes only signed entries, and
// only of type `invite`, in an inbox). Who sent it is inside: the sender's identity key signs the
// recipient, the room, the ephemeral key and the time, and the recipient derives the room id
// again from its own key agreement, so an invitation can be neither forged nor redirected.
import { fromBase64url, toBase64url } from '@parley/protocol'
import type { Signer } from '../identity/signer'
import { createEd25519Verifier } from '../identity/verifier'
import { dmRoomId } from './dmRoom'
import { DH_KEY, importX25519Public, type KeyAgreement, x25519 } from './keyAgreement'

const INFO = new TextEncoder().encode('parley/invite/v1')
const SIGNED_LABEL = 'parley/invite/v1\n'
const ED_KEY = /^[A-Za-z0-9_-]{43}$/
const MAX_NAME_CHARS = 64
const verifier = createEd25519Verifier()

/** What the recipient learns from an invitation that opens and verifies. */
export interface Invitation {
  /** The sender's identity key. */
  from: string
  /** The sender's X25519 public key (from which the room id is derived again). */
  dh: string
  room: string
  /** The name the sender gave themselves: a claim, shown beside their safety number. */
  name: string
  ts: number
}

interface Sealed {
  v: 2
  type: 'invite'
  epk: string
  iv: string
  ct: string
}

function signedText(recipient: string, room: string, epk: string, ts: number): Uint8Array {
  return new TextEncoder().encode(`${SIGNED_LABEL}${recipient}\n${room}\n${epk}\n${ts}`)
}

async function aesKey(
  shared: Uint8Array,
  epk: string,
  recipientDh: string,
  usage: KeyUsage,
): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', shared as BufferSource, 'HKDF', false, ['deriveKey'])
  const salt = new Uint8Array([...fromBase64url(epk), ...fromBase64url(recipientDh)])
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: INFO },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    [usage],
  )
}

export interface InvitationDraft {
  sender: { signer: Signer; agreement: KeyAgreement; name: string }
  recipient: { key: string; dh: string }
  room: string
  ts: number
}

/** The invitation's body (JSON text) for the recipient's inbox. */
export async function sealInvitation({ sender, recipient, room, ts }: InvitationDraft): Promise<string> {
  const ephemeral = (await crypto.subtle.generateKey({ name: 'X25519' }, true, [
    'deriveBits',
  ])) as CryptoKeyPair
  const epk = toBase64url(new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey)))
  const shared = await x25519(ephemeral.privateKey, await importX25519Public(recipient.dh))
  const sig = toBase64url(await sender.signer.sign(signedText(recipient.key, room, epk, ts)))
  const plain = JSON.stringify({
    from: sender.signer.key,
    dh: sender.agreement.publicKey,
    room,
    name: sender.name.slice(0, MAX_NAME_CHARS),
    ts,
    sig,
  })
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const key = await aesKey(shared, epk, recipient.dh, 'encrypt')
  const ct = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(plain)),
  )
  const sealed: Sealed = { v: 2, type: 'invite', epk, iv: toBase64url(iv), ct: toBase64url(ct) }
  return JSON.stringify(sealed)
}

function readSealed(body: string): Sealed | null {
  try {
    const value = JSON.parse(body) as Record<string, unknown>
    const { epk, iv, ct } = value
    if (value.type !== 'invite' || typeof epk !== 'string' || !DH_KEY.test(epk)) return null
    if (typeof iv !== 'string' || typeof ct !== 'string' || ct.length > 8192) return null
    return { v: 2, type: 'invite', epk, iv, ct }
  } catch {
    return null
  }
}

function readPlain(bytes: ArrayBuffer): (Invitation & { sig: string }) | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>
    const { from, dh, room, name, ts, sig } = value
    if (typeof from !== 'string' || !ED_KEY.test(from) || typeof dh !== 'string' || !DH_KEY.test(dh))
      return null
    if (typeof room !== 'string' || typeof name !== 'string' || typeof sig !== 'string') return null
    if (typeof ts !== 'number' || !Number.isFinite(ts)) return null
    return { from, dh, room, name: name.slice(0, MAX_NAME_CHARS), ts, sig }
  } catch {
    return null
  }
}

/**
 * The invitation `body` holds for `me`, or null when it is not for them, does not decrypt, is not
 * signed by the identity it names, or names a room that is not the one the two of them share.
 */
export async function openInvitation(
  body: string,
  me: { key: string; agreement: KeyAgreement },
): Promise<Invitation | null> {
  const sealed = readSealed(body)
  if (sealed === null) return null
  try {
    const shared = await me.agreement.sharedSecret(sealed.epk)
    const key = await aesKey(shared, sealed.epk, me.agreement.publicKey, 'decrypt')
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64url(sealed.iv) as BufferSource },
      key,
      fromBase64url(sealed.ct) as BufferSource,
    )
    const invitation = readPlain(plain)
    if (invitation === null || invitation.from === me.key) return null
    const signed = signedText(me.key, invitation.room, sealed.epk, invitation.ts)
    if (!(await verifier(fromBase64url(invitation.from), signed, fromBase64url(invitation.sig)))) return null
    const room = await dmRoomId(await me.agreement.sharedSecret(invitation.dh), me.key, invitation.from)
    if (room !== invitation.room) return null
    const { sig: _sig, ...rest } = invitation
    return rest
  } catch {
    return null // not sealed to this key (or tampered with): AES-GCM refuses it
  }
}
