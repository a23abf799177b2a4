// Signed entries against the real relay process with stock WebsocketProvider clients: unsigned
// and forged entries are refused with a reason, valid ones stored, and nobody can write under a
// client id that another key owns, not even at its owner's next clock while the owner is away.

import {
  encodeDurableSubscribe,
  encodeRefusalsSubscribe,
  encodeUpdate,
  MESSAGE_DURABLE,
  MESSAGE_REFUSED,
  readRefused,
} from '@parley/protocol'
import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openRaw, type RawSocket } from './rawSocket.js'
import { createWriter } from './updates.js'
import { useRelay } from './useRelay.js'
import { waitFor } from './waitFor.js'

const TIMEOUT_MS = 10_000

/** Decoders positioned after the type of every frame of `type` the socket received. */
function framesOf(socket: RawSocket, type: number): decoding.Decoder[] {
  return socket.frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame)
    return decoding.readVarUint(decoder) === type ? [decoder] : []
  })
}

describe('signed entries', () => {
  const relay = useRelay()
  const connect = (room: string) => relay.connect(room, { durable: true, refusals: true })

  it('stores a signed entry and refuses unsigned and forged ones, with the reason', async () => {
    const alice = connect('signed')
    await alice.synced()
    alice.append('signed by alice')
    await alice.durableNow()

    alice.doc.getArray('messages').push([{ v: 1, type: 'message', text: 'unsigned' }])
    const forged = alice.signer.seal('signed', { v: 2, type: 'test', value: 'pay 5 EUR' })
    alice.doc.getArray('messages').push([{ ...forged, body: forged.body.replace('5 EUR', '5000 EUR') }])
    await waitFor(() => alice.refusals.length >= 2, TIMEOUT_MS, 'two refusals')
    expect(alice.refusals.map((refusal) => [refusal.code, refusal.reason])).toEqual([
      [4403, 'forbidden update: entry is not a signed envelope'],
      [4403, 'forbidden update: bad signature'],
    ])

    const mallory = connect('signed')
    await mallory.synced()
    const tampered = mallory.signer.seal('signed', { v: 2, type: 'test', value: 'pay 5 EUR' })
    mallory.doc.getArray('messages').push([{ ...tampered, body: tampered.body.replace('5 EUR', '5000 EUR') }])
    await waitFor(() => mallory.refusals.length > 0, TIMEOUT_MS, 'a refusal')
    expect(mallory.refusals[0]).toMatchObject({ code: 4403, reason: 'forbidden update: bad signature' })

    const reader = connect('signed')
    await reader.synced()
    await waitFor(() => reader.entries().length === 1, TIMEOUT_MS, 'the signed entry')
    expect(reader.entries()).toEqual(['signed by alice'])
  })

  it('refuses a write under the victim’s client id while they are offline; their next entry is stored', async () => {
    const victim = connect('hijack')
    await victim.synced()
    victim.append('pay 5 EUR')
    await victim.durableNow()
    victim.provider.disconnect()

    // The attacker holds the room and writes, signed with its own key, under the victim's client
    // id at the victim's next clock.
    const attacker = await openRaw(relay.url, 'hijack')
    attacker.send(encodeRefusalsSubscribe())
    attacker.send(encodeDurableSubscribe())
    const forgery = createWriter('hijack')
    Y.applyUpdate(forgery.doc, Y.encodeStateAsUpdate(victim.doc))
    forgery.doc.clientID = victim.doc.clientID // after: Yjs moves off a client id it sees arrive
    attacker.send(encodeUpdate(forgery.push('pay 5000 EUR')))
    const refusals = () => framesOf(attacker, MESSAGE_REFUSED).map((decoder) => readRefused(decoder))
    await waitFor(() => refusals().length > 0, TIMEOUT_MS, 'the attacker’s refusal')
    expect(refusals()[0]?.reason).toBe(
      `forbidden update: client id ${victim.doc.clientID} belongs to another key`,
    )

    victim.append('and 2 EUR')
    victim.provider.connect()
    await victim.durableNow()
    expect(victim.refusals).toEqual([])
    const reader = connect('hijack')
    await reader.synced()
    await waitFor(() => reader.entries().length === 2, TIMEOUT_MS, 'both of the victim’s entries')
    expect(reader.entries()).toEqual(['pay 5 EUR', 'and 2 EUR'])
    // The attacker's item at the victim's clock 1 was never stored, and no acknowledgement sent to
    // the attacker since its attempt says the victim's clock 1 is stored.
    const acks = framesOf(attacker, MESSAGE_DURABLE).map((decoder) =>
      Y.decodeStateVector(decoding.readVarUint8Array(decoder)),
    )
    const since = acks.findIndex((ack) => !ack.has(victim.doc.clientID))
    expect(since).toBeGreaterThan(0)
    expect(acks.slice(since).every((ack) => !ack.has(victim.doc.clientID))).toBe(true)
    attacker.ws.close()
  })
})
