// Room rules the relay enforces, against the real process with stock WebsocketProvider clients:
// a banned key's entries are refused, and a person's inbox takes only invitations.
import { describe, expect, it } from 'vitest'
import { useRelay } from './useRelay.js'
import { waitFor } from './waitFor.js'

const TIMEOUT_MS = 10_000

describe('room rules at the relay', () => {
  const relay = useRelay()
  const connect = (room: string) => relay.connect(room, { durable: true, refusals: true })

  it('refuses the entries of a banned key, and takes them again once restored', async () => {
    const owner = connect('moderated')
    await owner.synced()
    owner.append('the owner writes first')
    await owner.durableNow()
    const spammer = connect('moderated')
    await spammer.synced()
    spammer.append('spam')
    await spammer.durableNow()

    const ban = (on: boolean) =>
      owner.doc
        .getArray('messages')
        .push([owner.signer.seal('moderated', { v: 2, type: 'ban', target: spammer.signer.key, on })])
    ban(true)
    await owner.durableNow()
    await waitFor(() => spammer.entries().length === 3, TIMEOUT_MS, 'the ban at the spammer')
    spammer.provider.disconnect()
    // A fresh connection with the same key, as a banned person's next visit would be.
    const again = relay.connect('moderated', { durable: true, refusals: true, signer: spammer.signer })
    await again.synced()
    again.append('more spam')
    await waitFor(() => again.refusals.length > 0, TIMEOUT_MS, 'the refusal')
    expect(again.refusals[0]).toMatchObject({
      code: 4403,
      reason: 'forbidden update: this key is banned from the room',
    })

    ban(false)
    await owner.durableNow()
    const restored = relay.connect('moderated', { durable: true, signer: spammer.signer })
    await restored.synced()
    restored.append('sorry')
    await restored.durableNow()
  })

  it('takes only invitations in an inbox', async () => {
    const inbox = 'inbox-BBBBBBBBBBBBBBBBBBBBBB'
    const sender = connect(inbox)
    await sender.synced()
    sender.doc.getArray('messages').push([sender.signer.seal(inbox, { v: 2, type: 'message', text: 'hi' })])
    await waitFor(() => sender.refusals.length > 0, TIMEOUT_MS, 'the refusal')
    expect(sender.refusals[0]?.reason).toBe('forbidden update: an inbox takes only invitations')
    const inviter = connect(inbox)
    await inviter.synced()
    inviter.doc
      .getArray('messages')
      .push([inviter.signer.seal(inbox, { v: 2, type: 'invite', box: 'c2VhbGVk' })])
    await inviter.durableNow()
  })
})
