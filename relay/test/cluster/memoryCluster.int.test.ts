// Two relays in this process sharing one store, linked by the in-memory bus, with real
// y-websocket clients: rows and presence cross relays, lost bus messages and a bus outage are
// repaired from the store, and rules written through one relay bind writers on the other.
import { encodeSignal } from '@parley/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryBusHub, type MemoryBusHub } from '../../src/cluster/memoryBus.js'
import type { RelayOptions } from '../../src/relay.js'
import { createMemoryStore } from '../../src/store/memoryStore.js'
import type { Store } from '../../src/store/types.js'
import { createClientSet, type TestClient } from '../client.js'
import { type InProcessRelay, startInProcessRelay } from '../inProcess.js'
import { openPeer, presentIds, signalsOf, undeliveredOf } from '../signalPeers.js'
import { waitFor } from '../waitFor.js'

const TIMEOUT_MS = 10_000

describe('relays linked by a bus', () => {
  let relays: InProcessRelay[] = []
  const clients = createClientSet({ durable: true })
  let hub: MemoryBusHub

  afterEach(async () => {
    clients.destroyAll()
    for (const { relay } of relays) await relay.close()
    relays = []
  })

  let shared: Store

  /** `options[i]` go to relay i. */
  /** `options[i]` go to relay i; `storeFor` may wrap the shared store for one of them. */
  async function startCluster(
    count: number,
    options: ReadonlyArray<Partial<RelayOptions>> = [],
    storeFor: (index: number, store: Store) => Store = (_index, store) => store,
  ): Promise<InProcessRelay[]> {
    hub = createMemoryBusHub()
    shared = createMemoryStore()
    // Each relay closes its store on shutdown; the shared one outlives them.
    const store: Store = { ...shared, close: async () => {} }
    for (let i = 0; i < count; i++) {
      relays.push(
        await startInProcessRelay({
          ...options[i],
          store: storeFor(i, store),
          cluster: { bus: hub.connect(), relayId: `relay-${i}` },
        }),
      )
    }
    return relays
  }

  const connect = clients.connect

  const values = (client: TestClient) => client.entries().map(String).sort()

  it('delivers entries and presence written on one relay to clients of the other', async () => {
    const [a, b] = await startCluster(2)
    if (a === undefined || b === undefined) throw new Error('two relays')
    const onA = connect(a, 'room')
    const onB = connect(b, 'room')
    await Promise.all([onA.synced(), onB.synced()])
    onA.append('from a')
    onB.append('from b')
    await waitFor(() => onA.entries().length === 2 && onB.entries().length === 2, TIMEOUT_MS, 'both entries')
    expect(values(onA)).toEqual(['from a', 'from b'])
    expect(values(onB)).toEqual(values(onA))
    // Each client's own entries are acknowledged by its relay once stored.
    await Promise.all([onA.durableNow(), onB.durableNow()])

    onA.awareness.setLocalStateField('user', { name: 'Ada' })
    await waitFor(
      () => onB.awareness.getStates().get(onA.doc.clientID)?.user?.name === 'Ada',
      TIMEOUT_MS,
      'presence across relays',
    )
    onA.provider.disconnect()
    await waitFor(() => !onB.awareness.getStates().has(onA.doc.clientID), TIMEOUT_MS, 'presence removed')
  })

  it('carries a call signal to the addressee on the other relay, and to no one else', async () => {
    const [a, b] = await startCluster(2)
    if (a === undefined || b === undefined) throw new Error('two relays')
    const caller = await openPeer(a.url, 'call', 11)
    const callee = await openPeer(b.url, 'call', 22)
    const bystander = await openPeer(b.url, 'call', 33)
    await waitFor(
      () => presentIds(caller).has(22) && presentIds(caller).has(33),
      TIMEOUT_MS,
      'presence across',
    )
    caller.send(encodeSignal({ from: 11, to: 22, payload: '{"offer":1}' }))
    await waitFor(() => signalsOf(callee).length === 1, TIMEOUT_MS, 'the signal on the other relay')
    expect(signalsOf(callee)).toEqual([{ from: 11, to: 22, payload: '{"offer":1}' }])
    // Nobody holds client 44 on either relay: the caller's own relay answers at once.
    caller.send(encodeSignal({ from: 11, to: 44, payload: '{}' }))
    await waitFor(() => undeliveredOf(caller).length === 1, TIMEOUT_MS, 'the undelivered answer')
    expect(undeliveredOf(caller)[0]?.to).toBe(44)
    expect(signalsOf(bystander)).toEqual([])
    for (const socket of [caller, callee, bystander]) socket.ws.close()
  })

  it('repairs rows the bus lost from the store', async () => {
    const [a, b] = await startCluster(2)
    if (a === undefined || b === undefined) throw new Error('two relays')
    const writer = connect(a, 'lossy')
    const reader = connect(b, 'lossy')
    await Promise.all([writer.synced(), reader.synced()])
    hub.loseNext(1)
    writer.append('lost on the bus')
    await writer.durableNow()
    writer.append('after the hole')
    await waitFor(() => reader.entries().length === 2, TIMEOUT_MS, 'the repair')
    expect(values(reader)).toEqual(['after the hole', 'lost on the bus'])
    expect(await metric(b, 'parley_cluster_repairs_total{reason="gap"}')).toBeGreaterThan(0)
  })

  it('repairs a last row whose publication was lost, from the writer’s next head', async () => {
    const [a, b] = await startCluster(2)
    if (a === undefined || b === undefined) throw new Error('two relays')
    const writer = connect(a, 'tail')
    const reader = connect(b, 'tail')
    await Promise.all([writer.synced(), reader.synced()])
    writer.append('first')
    await waitFor(() => reader.entries().length === 1, TIMEOUT_MS, 'the first entry')
    hub.loseNext(1)
    writer.append('last, lost on the bus')
    await writer.durableNow()
    // Nothing follows to show the hole: relay a's periodic head (every 5 s) does.
    await waitFor(() => reader.entries().length === 2, TIMEOUT_MS, 'the lost last entry')
    expect(await metric(b, 'parley_cluster_repairs_total{reason="gap"}')).toBeGreaterThan(0)
  })

  it('repairs every room after the bus comes back', async () => {
    const [a, b] = await startCluster(2)
    if (a === undefined || b === undefined) throw new Error('two relays')
    const writer = connect(a, 'outage')
    const reader = connect(b, 'outage')
    await Promise.all([writer.synced(), reader.synced()])
    hub.cut()
    writer.append('during the outage')
    await writer.durableNow()
    expect(reader.entries()).toEqual([])
    hub.restore()
    await waitFor(() => reader.entries().length === 1, TIMEOUT_MS, 'the repair after the outage')
    expect(await metric(b, 'parley_cluster_bus_reconnects_total')).toBe(1)
  })

  it('enforces a ban written through the other relay', async () => {
    const [a, b] = await startCluster(2)
    if (a === undefined || b === undefined) throw new Error('two relays')
    const owner = connect(a, 'moderated')
    await owner.synced()
    owner.append('the owner writes first')
    await owner.durableNow()
    const spammer = connect(b, 'moderated', { refusals: true })
    await spammer.synced()
    spammer.append('spam')
    await spammer.durableNow()
    owner.doc
      .getArray('messages')
      .push([owner.signer.seal('moderated', { v: 2, type: 'ban', target: spammer.signer.key, on: true })])
    await owner.durableNow()
    await waitFor(() => spammer.entries().length === 3, TIMEOUT_MS, 'the ban at relay b')
    spammer.append('more spam')
    await waitFor(() => spammer.refusals.length > 0, TIMEOUT_MS, 'the refusal at relay b')
    expect(spammer.refusals[0]?.reason).toBe('forbidden update: this key is banned from the room')
  })
  it('enforces a ban that reached the other relay past a hole, once the repair fills the hole', async () => {
    const [a, b] = await startCluster(2)
    if (a === undefined || b === undefined) throw new Error('two relays')
    const owner = connect(a, 'late-ban')
    await owner.synced()
    owner.append('the owner writes first')
    await owner.durableNow()
    const spammer = connect(b, 'late-ban', { refusals: true })
    await spammer.synced()
    hub.loseNext(1)
    owner.append('lost on the bus')
    await owner.durableNow()
    // The ban follows the lost entry in the owner's own clock: at relay b it waits in Yjs for it.
    owner.doc
      .getArray('messages')
      .push([owner.signer.seal('late-ban', { v: 2, type: 'ban', target: spammer.signer.key, on: true })])
    await owner.durableNow()
    await waitFor(() => spammer.entries().length === 3, TIMEOUT_MS, 'the repair and the ban at relay b')
    spammer.append('spam')
    await waitFor(() => spammer.refusals.length > 0, TIMEOUT_MS, 'the refusal at relay b')
    expect(spammer.refusals[0]?.reason).toBe('forbidden update: this key is banned from the room')
  })

  it('applies the rows of others at once, before it learns the seqs of its own commit', async () => {
    // Relay a commits, but hears back from its store only once the gate opens (its repair reads
    // too): meanwhile relay b stores the next row and publishes it, and a applies it from the bus
    // without waiting for its own seq.
    let openGate = () => {}
    let gate: Promise<void> = Promise.resolve()
    const [a, b] = await startCluster(2, [], (index, store) =>
      index === 0
        ? {
            ...store,
            append: async (batch) => {
              const seqs = await store.append(batch)
              await gate
              return seqs
            },
            readAfter: async (room, seq) => {
              await gate
              return store.readAfter(room, seq)
            },
          }
        : store,
    )
    if (a === undefined || b === undefined) throw new Error('two relays')
    const writerOnA = connect(a, 'held')
    const readerOnA = connect(a, 'held')
    const writerOnB = connect(b, 'held')
    await Promise.all([writerOnA.synced(), readerOnA.synced(), writerOnB.synced()])
    gate = new Promise((resolve) => {
      openGate = resolve
    })
    writerOnA.append('from a')
    await waitFor(async () => (await shared.headSeq('held')) === 1, TIMEOUT_MS, 'a’s row stored')
    writerOnB.append('from b')
    await writerOnB.durableNow() // b has stored and published its row, seq 2
    await waitFor(() => readerOnA.entries().length === 2, TIMEOUT_MS, 'b’s row at a’s reader')
    expect(readerOnA.entries().map(String).sort()).toEqual(['from a', 'from b'])
    openGate()
    await writerOnA.durableNow()
    // Once a knows its own seq there is no hole left: a new row needs no repair to arrive.
    writerOnB.append('after the gate')
    await waitFor(() => readerOnA.entries().length === 3, TIMEOUT_MS, 'the next row at a’s reader')
  })

  it('compacts a room on a relay that only applies the rows another relay stored', async () => {
    // Relay a, where everything is written, would wait for 1,000 rows; relay b only reads the room.
    const [a, b] = await startCluster(2, [
      { compactAfterUpdates: 1_000 },
      { compactAfterUpdates: 10, compactIntervalMs: 0 },
    ])
    if (a === undefined || b === undefined) throw new Error('two relays')
    const writer = connect(a, 'busy')
    const reader = connect(b, 'busy')
    await Promise.all([writer.synced(), reader.synced()])
    for (let i = 0; i < 20; i++) {
      writer.append(`entry ${i}`)
      await writer.durableNow() // one row each
    }
    await waitFor(() => reader.entries().length === 20, TIMEOUT_MS, 'every entry at relay b')
    await waitFor(async () => (await metric(b, 'parley_compactions_total')) > 0, TIMEOUT_MS, 'b compacts')
    expect((await shared.stats('busy')).updates).toBeLessThan(20)
    expect(await metric(a, 'parley_compactions_total')).toBe(0)
  })
})

async function metric(relay: InProcessRelay, name: string): Promise<number> {
  const text = await relay.relay.metrics.registry.metrics()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line === undefined ? 0 : Number(line.split(' ')[1])
}
