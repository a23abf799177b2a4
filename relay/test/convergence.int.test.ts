// Seeded randomized convergence: clients append, disconnect and reconnect while the relay restarts
// (gracefully or by SIGKILL); everyone must end with the same log and nothing lost.
// Re-run a failure with PARLEY_SEED=<seed printed in the failure>.
import { afterEach, describe, expect, it } from 'vitest'
import { connectClient, type TestClient } from './client.js'
import { makeDataDir, type RelayProcess, startRelay } from './relayProcess.js'
import { waitFor } from './waitFor.js'

const CLIENTS = 4
const STEPS = 80
const CONVERGE_TIMEOUT_MS = 30_000
/** Seeds that once failed stay here as named cases. */
const PINNED_SEEDS = [1, 20261123, 1052216726]

function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const randomSeed = Number(process.env.PARLEY_SEED ?? Math.floor(Math.random() * 2 ** 31))

describe('randomized convergence', () => {
  let relay: RelayProcess | null = null
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    if (relay?.child.exitCode === null) await relay.kill()
  })

  const seeds = process.env.PARLEY_SEED ? [randomSeed] : [...PINNED_SEEDS, randomSeed]
  for (const seed of seeds) {
    it(`converges with seed ${seed}`, { timeout: 120_000 }, async () => {
      try {
        await runScenario(seed)
      } catch (error) {
        throw new Error(`convergence failed with PARLEY_SEED=${seed}: ${(error as Error).message}`)
      }
    })
  }

  async function runScenario(seed: number) {
    const random = mulberry32(seed)
    const dataDir = makeDataDir()
    relay = await startRelay({ dataDir })
    const port = relay.port
    for (let i = 0; i < CLIENTS; i++) clients.push(connectClient(relay.url, 'fuzz', { durable: true }))
    await Promise.all(clients.map((client) => client.synced()))
    const written: string[] = []

    for (let step = 0; step < STEPS; step++) {
      const client = clients[Math.floor(random() * CLIENTS)] as TestClient
      const roll = random()
      if (roll < 0.7) {
        const id = `${seed}-${step}`
        written.push(id)
        client.append({ id, text: 'x'.repeat(Math.floor(random() * 200)) })
      } else if (roll < 0.85) {
        if (client.provider.shouldConnect) client.provider.disconnect()
        else client.provider.connect()
      } else if (roll < 0.95) {
        if (client.provider.shouldConnect) await client.synced()
      } else {
        // Restart: half the time gracefully, half by SIGKILL. Clients keep what they wrote and
        // resend anything the relay had not stored when they reconnect.
        if (random() < 0.5) await relay.stop()
        else await relay.kill()
        relay = await startRelay({ dataDir, port })
      }
    }

    for (const client of clients) client.provider.connect()
    await waitFor(
      () => clients.every((client) => client.entries().length === written.length),
      CONVERGE_TIMEOUT_MS,
      `all ${CLIENTS} clients to hold ${written.length} entries`,
    )
    const logs = clients.map((client) => JSON.stringify(client.entries()))
    expect(new Set(logs).size).toBe(1)
    const ids = (clients[0] as TestClient).entries().map((entry) => (entry as { id: string }).id)
    expect([...ids].sort()).toEqual([...written].sort())

    // Everything is acknowledged, then the relay is killed: a fresh client still gets it all.
    await Promise.all(clients.map((client) => client.durableNow(CONVERGE_TIMEOUT_MS)))
    await relay.kill()
    relay = await startRelay({ dataDir, port })
    const fresh = connectClient(relay.url, 'fuzz')
    clients.push(fresh)
    await waitFor(() => fresh.entries().length === written.length, CONVERGE_TIMEOUT_MS, 'history after kill')
    expect(JSON.stringify(fresh.entries())).toBe(logs[0])
  }
})
