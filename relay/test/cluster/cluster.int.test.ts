// Relay processes in cluster mode on the machine's PostgreSQL and Redis, with stock
// WebsocketProvider clients spread over them: they converge and see each other's presence, and a
// relay killed with SIGKILL mid-traffic loses nothing it acknowledged.
import { afterEach, describe, expect, it } from 'vitest'
import { createClientSet, type TestClient } from '../client.js'
import type { RelayProcess } from '../relayProcess.js'
import { waitFor } from '../waitFor.js'
import { type ClusterUnderTest, startCluster } from './clusterProcesses.js'

const TIMEOUT_MS = 20_000

describe('cluster mode', () => {
  let cluster: ClusterUnderTest | null = null
  const clients = createClientSet({ durable: true })
  const connect = clients.connect
  afterEach(async () => {
    clients.destroyAll()
    await cluster?.stop()
    cluster = null
  })

  const sorted = (client: TestClient) =>
    client
      .entries()
      .map((e) => JSON.stringify(e))
      .sort()

  it.each([2, 3])('converges with clients spread over %i relays, presence included', async (count) => {
    cluster = await startCluster(count)
    const rooms = ['north', 'south']
    const spread = cluster.relays.flatMap((relay) =>
      rooms.map((room) => ({ room, client: connect(relay, room) })),
    )
    await Promise.all(spread.map(({ client }) => client.synced()))
    for (let round = 0; round < 5; round++) {
      for (const [i, { client }] of spread.entries()) client.append({ round, from: i })
    }
    const perRoom = count * 5
    for (const room of rooms) {
      const members = spread.filter((s) => s.room === room).map((s) => s.client)
      await waitFor(
        () => members.every((c) => c.entries().length === perRoom),
        TIMEOUT_MS,
        `every client of ${room} to hold ${perRoom} entries`,
      )
      for (const member of members) expect(sorted(member)).toEqual(sorted(members[0] as TestClient))
      for (const [i, member] of members.entries())
        member.awareness.setLocalStateField('user', { name: `${room}-${i}` })
      await waitFor(
        () =>
          members.every((c) =>
            members.every((other) => c.awareness.getStates().get(other.doc.clientID)?.user),
          ),
        TIMEOUT_MS,
        `everyone's presence in ${room}`,
      )
    }
    await Promise.all(spread.map(({ client }) => client.durableNow()))
  })

  it('loses nothing acknowledged when a relay is killed mid-traffic; its clients move and converge', async () => {
    cluster = await startCluster(2)
    const [doomed, survivor] = cluster.relays as [RelayProcess, RelayProcess]
    const writers = [connect(doomed, 'busy'), connect(doomed, 'busy')]
    const watcher = connect(survivor, 'busy')
    await Promise.all([...writers, watcher].map((c) => c.synced()))
    // Traffic keeps flowing while the relay dies: some entries are acknowledged, some not yet.
    let sent = 0
    const traffic = setInterval(() => {
      for (const [w, writer] of writers.entries()) writer.append({ w, n: sent })
      sent++
    }, 5)
    await waitFor(() => writers.every((w) => (w.durable.get(w.doc.clientID) ?? 0) >= 20), TIMEOUT_MS, 'acks')
    await doomed.kill()
    clearInterval(traffic)
    const acknowledged = writers.map((w) => w.durable.get(w.doc.clientID) ?? 0)

    // What the relay acknowledged is in PostgreSQL: a fresh client of the survivor reads it.
    const reader = connect(survivor, 'busy')
    await reader.synced()
    for (const [w, writer] of writers.entries()) {
      const clock = acknowledged[w] ?? 0
      await waitFor(
        () =>
          (reader.doc.store.clients.get(writer.doc.clientID)?.length ?? 0) > 0 &&
          stateOf(reader, writer) >= clock,
        TIMEOUT_MS,
        `writer ${w}'s acknowledged entries at the survivor`,
      )
    }
    // The writers reconnect to the survivor with their docs and send what was never stored.
    const moved = writers.map((w) => {
      w.provider.destroy()
      return connect(survivor, 'busy', { doc: w.doc, signer: w.signer })
    })
    await Promise.all(moved.map((m) => m.durableNow()))
    const total = writers[0]?.entries().length ?? 0
    expect(total).toBe(sent * 2)
    await waitFor(
      () => [watcher, reader, ...moved].every((c) => c.entries().length === total),
      TIMEOUT_MS,
      'everyone to converge',
    )
    expect(sorted(watcher)).toEqual(sorted(moved[0] as TestClient))
  })
})

function stateOf(reader: TestClient, writer: TestClient): number {
  const structs = reader.doc.store.clients.get(writer.doc.clientID) ?? []
  const last = structs.at(-1)
  return last === undefined ? 0 : last.id.clock + last.length
}
