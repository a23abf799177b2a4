import { describe, expect, it } from 'vitest'
import { useRelay } from './useRelay.js'
import { waitFor } from './waitFor.js'

const TIMEOUT_MS = 10_000

describe('sync through the relay', () => {
  const relay = useRelay()
  const connect = relay.connect

  it('makes two clients converge and gives a late joiner the full history', async () => {
    const alice = connect('converge')
    const bob = connect('converge')
    await Promise.all([alice.synced(), bob.synced()])
    alice.append({ type: 'message', text: 'hi bob' })
    bob.append({ type: 'message', text: 'hi alice' })
    await waitFor(
      () => alice.entries().length === 2 && bob.entries().length === 2,
      TIMEOUT_MS,
      'both entries',
    )
    expect(alice.entries()).toEqual(bob.entries())

    const carol = connect('converge')
    await carol.synced()
    await waitFor(() => carol.entries().length === 2, TIMEOUT_MS, 'history for carol')
    expect(carol.entries()).toEqual(alice.entries())
  })

  it('keeps rooms apart', async () => {
    const a = connect('room-a', { durable: true })
    const b = connect('room-b')
    await Promise.all([a.synced(), b.synced()])
    a.append('only in a')
    await a.durableNow()
    const a2 = connect('room-a')
    const b2 = connect('room-b')
    await Promise.all([a2.synced(), b2.synced()])
    await waitFor(() => a2.entries().length === 1, TIMEOUT_MS, 'the entry in room a')
    expect(b.entries()).toEqual([])
    expect(b2.entries()).toEqual([])
  })

  it('spreads awareness and removes a closed connection for everyone', async () => {
    const alice = connect('presence')
    const bob = connect('presence')
    await Promise.all([alice.synced(), bob.synced()])
    alice.awareness.setLocalStateField('user', { name: 'Alice' })
    await waitFor(
      () => bob.awareness.getStates().get(alice.doc.clientID)?.user?.name === 'Alice',
      TIMEOUT_MS,
      'alice to appear for bob',
    )
    const carol = connect('presence')
    await carol.synced()
    await waitFor(() => carol.awareness.getStates().has(alice.doc.clientID), TIMEOUT_MS, 'alice for carol')

    // Destroying the provider closes the socket; the relay must tell the others.
    alice.provider.ws?.close()
    alice.provider.disconnect()
    await waitFor(() => !bob.awareness.getStates().has(alice.doc.clientID), TIMEOUT_MS, 'alice to leave bob')
    await waitFor(
      () => !carol.awareness.getStates().has(alice.doc.clientID),
      TIMEOUT_MS,
      'alice to leave carol',
    )
  })

  it('acknowledges durable writes only to clients that asked', async () => {
    const writer = connect('acks', { durable: true })
    const stock = connect('acks')
    await Promise.all([writer.synced(), stock.synced()])
    writer.append({ n: 1 }, { n: 2 })
    await writer.durableNow()
    expect(writer.durable.get(writer.doc.clientID)).toBe(2)
    await waitFor(() => stock.entries().length === 2, TIMEOUT_MS, 'entries at the stock client')
    expect(stock.durable.size).toBe(0)
  })
})
