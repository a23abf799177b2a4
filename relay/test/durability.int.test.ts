import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { createClientSet, readMetric } from './client.js'
import { makeDataDir, type RelayProcess, startRelay } from './relayProcess.js'
import { waitFor } from './waitFor.js'

const TIMEOUT_MS = 15_000

describe('durability', () => {
  const relays: RelayProcess[] = []
  const clients = createClientSet()
  const start = async (dataDir: string, args: string[] = []) => {
    const relay = await startRelay({ dataDir, args })
    relays.push(relay)
    return relay
  }
  const connect = clients.connect
  /** A fresh client's view of a room, once it has at least `count` entries. */
  const historyOf = async (relay: RelayProcess, room: string, count: number) => {
    const reader = connect(relay, room)
    await reader.synced()
    await waitFor(() => reader.entries().length >= count, TIMEOUT_MS, `${count} entries in ${room}`)
    return reader.entries()
  }

  afterEach(async () => {
    clients.destroyAll()
    for (const relay of relays.splice(0)) if (relay.child.exitCode === null) await relay.kill()
  })

  it('keeps history across a graceful restart', async () => {
    const dataDir = makeDataDir()
    const first = await start(dataDir)
    const writer = connect(first, 'graceful')
    await writer.synced()
    for (let i = 0; i < 50; i++) writer.append({ i })
    // No acknowledgement awaited: SIGTERM must flush what was accepted before closing.
    await waitFor(
      async () => (await readMetric(first.port, 'parley_updates_total')) >= 1,
      TIMEOUT_MS,
      'updates',
    )
    const reader = connect(first, 'graceful')
    await reader.synced()
    await waitFor(() => reader.entries().length === 50, TIMEOUT_MS, 'all entries at the relay')
    writer.destroy()
    expect(await first.stop()).toBe(0)
    expect(reader.closes).toContainEqual({ code: 1001, reason: 'going away: relay shutting down' })
    reader.destroy()

    const second = await start(dataDir)
    expect(await historyOf(second, 'graceful', 50)).toEqual(Array.from({ length: 50 }, (_, i) => ({ i })))
  })

  it('loses nothing it acknowledged when killed with SIGKILL', async () => {
    const dataDir = makeDataDir()
    const first = await start(dataDir)
    const writer = connect(first, 'crash', { durable: true })
    await writer.synced()
    for (let i = 0; i < 200; i++) writer.append({ i, text: `entry ${i}` })
    await writer.durableNow()
    await first.kill()
    writer.destroy()

    const second = await start(dataDir)
    const history = await historyOf(second, 'crash', 200)
    expect(history).toHaveLength(200)
    expect(history[199]).toEqual({ i: 199, text: 'entry 199' })
  })

  it('unloads an idle room and reloads it intact', async () => {
    const relay = await start(makeDataDir(), ['--idle-unload-ms', '200'])
    const writer = connect(relay, 'idle', { durable: true })
    await writer.synced()
    writer.append('a', 'b', 'c')
    await writer.durableNow()
    expect(await readMetric(relay.port, 'parley_rooms_loaded')).toBe(1)
    writer.destroy()
    await waitFor(
      async () => (await readMetric(relay.port, 'parley_rooms_loaded')) === 0,
      TIMEOUT_MS,
      'unload',
    )
    expect(relay.logs.some((line) => line.msg === 'room unloaded' && line.room === 'idle')).toBe(true)

    expect(await historyOf(relay, 'idle', 3)).toEqual(['a', 'b', 'c'])
    expect(await readMetric(relay.port, 'parley_rooms_loaded')).toBe(1)
  })

  it('compacts a room so a load reads one snapshot', async () => {
    const dataDir = makeDataDir()
    const relay = await start(dataDir, ['--idle-unload-ms', '100'])
    const writer = connect(relay, 'compact', { durable: true })
    await writer.synced()
    for (let i = 0; i < 30; i++) {
      writer.append({ i })
      await writer.durableNow() // one stored row per entry
    }
    writer.destroy()
    await waitFor(() => relay.logs.some((line) => line.msg === 'room unloaded'), TIMEOUT_MS, 'unload')
    // Compaction follows the unload in the background; the next load waits for nothing.
    await waitFor(
      () => relay.logs.some((line) => line.msg === 'room compacted' && line.room === 'compact'),
      TIMEOUT_MS,
      'compaction',
    )
    await historyOf(relay, 'compact', 30)
    // The relay's log reaches the test through its stdout, which may lag the reader's socket.
    const loads = () => relay.logs.filter((line) => line.msg === 'room loaded' && line.room === 'compact')
    await waitFor(() => loads().length >= 2, TIMEOUT_MS, 'the second load logged')
    expect(loads().at(-1)?.rows).toBe(1)
    expect(fs.existsSync(`${dataDir}/rooms.sqlite3`)).toBe(true)
  })
})
