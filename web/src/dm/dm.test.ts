import { isInboxRoom } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import { generateIdentityKeys } from '../identity/keys'
import { createSigner } from '../identity/signer'
import { dmRoomId, inboxRoomOf } from './dmRoom'
import { openInvitation, sealInvitation } from './invitation'
import { deriveKeyAgreement } from './keyAgreement'

async function person(name: string) {
  const { keyPair, key } = await generateIdentityKeys()
  return {
    name,
    key,
    signer: createSigner(keyPair.privateKey, key),
    agreement: await deriveKeyAgreement(keyPair.privateKey),
  }
}

const alice = await person('Alice')
const bob = await person('Bob')
const eve = await person('Eve')

async function roomOf(a: typeof alice, b: typeof alice): Promise<string> {
  return dmRoomId(await a.agreement.sharedSecret(b.agreement.publicKey), a.key, b.key)
}

describe('direct message rooms', () => {
  it('derives the same X25519 key from the same identity, and another for another identity', async () => {
    const { keyPair } = await generateIdentityKeys()
    const again = await deriveKeyAgreement(keyPair.privateKey)
    expect((await deriveKeyAgreement(keyPair.privateKey)).publicKey).toBe(again.publicKey)
    expect(again.publicKey).not.toBe(alice.agreement.publicKey)
    expect(again.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('gives both people the same room id, which nobody else derives', async () => {
    const fromAlice = await roomOf(alice, bob)
    expect(await roomOf(bob, alice)).toBe(fromAlice)
    expect(fromAlice).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(await roomOf(eve, bob)).not.toBe(fromAlice)
    // From public keys alone (Eve's guess: her own secret with each) there is no way to it.
    expect(await roomOf(eve, alice)).not.toBe(fromAlice)
  })

  it('names each person an inbox the relay treats as one', async () => {
    const inbox = await inboxRoomOf(bob.key)
    expect(isInboxRoom(inbox)).toBe(true)
    expect(await inboxRoomOf(bob.key)).toBe(inbox)
    expect(await inboxRoomOf(alice.key)).not.toBe(inbox)
  })
})

describe('invitations', () => {
  const draft = async (from = alice, to = bob) => ({
    sender: { signer: from.signer, agreement: from.agreement, name: from.name },
    recipient: { key: to.key, dh: to.agreement.publicKey },
    room: await roomOf(from, to),
    ts: 1_800_000_000_000,
  })

  it('opens for its recipient with who sent it and the room', async () => {
    const body = await sealInvitation(await draft())
    expect(await openInvitation(body, bob)).toEqual({
      from: alice.key,
      dh: alice.agreement.publicKey,
      room: await roomOf(alice, bob),
      name: 'Alice',
      ts: 1_800_000_000_000,
    })
  })

  it('tells an onlooker nothing: no key, name or room in the body, and it opens for no one else', async () => {
    const body = await sealInvitation(await draft())
    for (const secret of [alice.key, bob.key, 'Alice', await roomOf(alice, bob), alice.agreement.publicKey])
      expect(body).not.toContain(secret)
    expect(Object.keys(JSON.parse(body))).toEqual(['v', 'type', 'epk', 'iv', 'ct'])
    expect(await openInvitation(body, eve)).toBeNull()
  })

  it('refuses a tampered invitation, one naming another sender, and one pointing elsewhere', async () => {
    const body = JSON.parse(await sealInvitation(await draft())) as Record<string, string>
    const ct = body.ct ?? ''
    const flipped = ct[5] === 'A' ? 'B' : 'A'
    const tampered = JSON.stringify({ ...body, ct: ct.slice(0, 5) + flipped + ct.slice(6) })
    expect(await openInvitation(tampered, bob)).toBeNull()
    // Eve claims to be Alice: she cannot sign as Alice.
    const forged = await sealInvitation({
      ...(await draft(eve)),
      sender: { ...(await draft(eve)).sender, name: 'Alice' },
    })
    const opened = await openInvitation(forged, bob)
    expect(opened?.from).toBe(eve.key)
    // A room other than the pair's own is refused.
    const elsewhere = await sealInvitation({ ...(await draft()), room: 'AAAAAAAAAAAAAAAAAAAAAA' })
    expect(await openInvitation(elsewhere, bob)).toBeNull()
  })
})
