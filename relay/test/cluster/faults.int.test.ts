// Cluster mode under faults, on servers of the test's own: Redis restarted mid-traffic,
// PostgreSQL stopped and started, and two relays compacting the same room at once.
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { createClientSet, readMetric, type TestClient } from '../client.js'
import type { RelayProcess } from '../relayProcess.js'
import { waitFor } from '../waitFor.js'
import { type ClusterUnderTest, startCluster } from './clusterProcesses.js'
import { startPrivatePostgres, startPrivateRedis } from './privateServers.js'

const TIMEOUT_MS = 30_000

async function readiness(relay: RelayProcess): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${relay.port}/readyz`)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function storedRows(cluster: ClusterUnderTest, room: string): Promise<number> {
  const client = new pg.Client({ connectionString: cluster.postgresUrl })
  await client.connect()
  try {
    const { rows } = await client.query(
      `SELECT COUNT(*)::int AS n FROM "${cluster.schema}".room_rows WHERE room = $1`,
      [room],
    )
    return rows[0].n as number
  } finally {
    await client.end()
  }
}

const unique = (client: TestClient) => new Set(client.entries().map((e) => JSON.stringify(e))).size

describe('cluster mode under faults', () => {
  let cluster: ClusterUnderTest | null = null
  const cleanups: Array<() => Promise<void>> = []
  const clients = createClientSet({ durable: true })
  const connect = clients.connect
  afterEach(async () => {
    clients.destroyAll()
    await cluster?.stop()
    cluster = null
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it('notices a Redis restart mid-traffic, repairs from PostgreSQL, and neither loses nor duplicates', async () => {
    const redis = await startPrivateRedis()
    cleanups.push(() => redis.stop())
    cluster = await startCluster(2, { redisUrl: redis.url })
    const [a, b] = cluster.relays as [RelayProcess, RelayProcess]
    const writer = connect(a, 'news')
    const reader = connect(b, 'news')
    await Promise.all([writer.synced(), reader.synced()])
    let sent = 0
    const traffic = setInterval(() => writer.append({ n: sent++ }), 5)
    try {
      await waitFor(() => reader.entries().length >= 10, TIMEOUT_MS, 'traffic to flow')
      await redis.stop()
      const down = await waitFor(
        async () => {
          const ready = await readiness(b)
          return ready.status === 503 ? ready : null
        },
        TIMEOUT_MS,
        'relay b to turn unready',
      )
      expect(down.body).toMatchObject({ ok: false, store: 'ok', bus: 'unreachable' })
      expect(String(down.body.reason)).toMatch(/redis/)
      await redis.start()
      await waitFor(async () => (await readiness(b)).status === 200, TIMEOUT_MS, 'relay b to be ready again')
    } finally {
      clearInterval(traffic)
    }
    await writer.durableNow()
    await waitFor(
      () => reader.entries().length === sent,
      TIMEOUT_MS,
      `the reader to hold all ${sent} entries`,
    )
    expect(unique(reader)).toBe(sent)
    expect(await readMetric(b.port, 'parley_cluster_bus_reconnects_total')).toBeGreaterThanOrEqual(1)
    expect(
      await readMetric(b.port, 'parley_cluster_repairs_total{reason="reconnect"}'),
    ).toBeGreaterThanOrEqual(1)
    expect(b.logs.some((line) => line.msg === 'redis unreachable; rooms will repair from PostgreSQL')).toBe(
      true,
    )
  })

  it('refuses writes while PostgreSQL is down, turns unready, and resumes by itself', async () => {
    const postgres = await startPrivatePostgres()
    cleanups.push(() => postgres.destroy())
    cluster = await startCluster(2, { postgresUrl: postgres.url })
    const [a, b] = cluster.relays as [RelayProcess, RelayProcess]
    const writer = connect(a, 'ledger', { refusals: true })
    const reader = connect(b, 'ledger')
    await Promise.all([writer.synced(), reader.synced()])
    writer.append('before')
    await writer.durableNow()
    await waitFor(() => reader.entries().length === 1, TIMEOUT_MS, 'the first entry at b')

    await postgres.stop()
    for (const relay of [a, b]) {
      const down = await waitFor(
        async () => {
          const ready = await readiness(relay)
          return ready.status === 503 ? ready : null
        },
        TIMEOUT_MS,
        'unready while PostgreSQL is down',
      )
      expect(down.body).toMatchObject({ ok: false, store: 'failing' })
      expect(typeof down.body.reason).toBe('string')
    }
    writer.append('while down')
    await waitFor(() => writer.refusals.length > 0, TIMEOUT_MS, 'the refusal')
    expect(writer.refusals[0]?.reason).toMatch(/^unavailable/)
    const acknowledged = writer.durable.get(writer.doc.clientID)

    await postgres.start()
    for (const relay of [a, b]) {
      await waitFor(async () => (await readiness(relay)).status === 200, TIMEOUT_MS, 'ready again')
    }
    // The client kept its entry; the relay asks for it again and stores it.
    await writer.durableNow()
    expect(writer.durable.get(writer.doc.clientID)).toBeGreaterThan(acknowledged ?? 0)
    await waitFor(() => reader.entries().length === 2, TIMEOUT_MS, 'the entry written during the outage at b')
    expect(reader.entries()).toEqual(['before', 'while down'])
  })

  it('keeps every entry when two relays compact the same room at once', async () => {
    // Both relays unload the room as soon as it is idle, and compact it as they do.
    cluster = await startCluster(2, { args: ['--idle-unload-ms', '50'] })
    const [a, b] = cluster.relays as [RelayProcess, RelayProcess]
    const onA = connect(a, 'compacted')
    const onB = connect(b, 'compacted')
    await Promise.all([onA.synced(), onB.synced()])
    for (let i = 0; i < 20; i++) {
      onA.append({ from: 'a', i })
      onB.append({ from: 'b', i })
      await Promise.all([onA.durableNow(), onB.durableNow()])
    }
    await waitFor(() => onA.entries().length === 40 && onB.entries().length === 40, TIMEOUT_MS, 'both')
    onA.destroy()
    onB.destroy()
    await waitFor(
      async () =>
        (await readMetric(a.port, 'parley_compactions_total')) >= 1 &&
        (await readMetric(b.port, 'parley_compactions_total')) >= 1,
      TIMEOUT_MS,
      'both relays to compact',
    )
    // The room's rows were merged into one snapshot, and what either relay stored is in it.
    expect(await storedRows(cluster, 'compacted')).toBeLessThanOrEqual(2)
    for (const relay of [a, b]) {
      const fresh = connect(relay, 'compacted')
      await fresh.synced()
      await waitFor(() => fresh.entries().length === 40, TIMEOUT_MS, 'every entry after compaction')
      expect(unique(fresh)).toBe(40)
    }
  })
})
