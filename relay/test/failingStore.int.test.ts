// A relay created in-process on a real SQLite store that is made to fail or stall on demand:
// shutdown stays bounded, idle rooms still unload, waiting connections stay bounded, and once the
// store works again everything resumes by itself, with nothing acknowledged ever lost.
import fs from 'node:fs'
import { encodeSyncStep1 } from '@parley/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openSqliteStore } from '../src/store/sqliteStore.js'
import { createClientSet, readMetric, type TestClient } from './client.js'
import { createFaultyStore, DISK_FULL, type FaultyStore } from './faultyStore.js'
import { type InProcessRelay, startInProcessRelay } from './inProcess.js'
import { openRaw } from './rawSocket.js'
import { makeDataDir } from './relayProcess.js'
import { bodyOf } from './signing.js'
import { waitFor } from './waitFor.js'

const TIMEOUT_MS = 10_000

describe('a relay whose store fails', () => {
  const clients = createClientSet({ durable: true, refusals: true })
  const relays: InProcessRelay[] = []
  const dirs: string[] = []
  const open = async (
    options: { idleUnloadMs?: number; loadTimeoutMs?: number; shutdownFlushMs?: number } = {},
  ) => {
    const dataDir = makeDataDir()
    dirs.push(dataDir)
    const store = createFaultyStore(openSqliteStore(dataDir))
    const started = await startInProcessRelay({ store, ...options })
    relays.push(started)
    return { ...started, store, dataDir }
  }
  const connect = (relay: InProcessRelay, room: string) => clients.connect(relay, room)
  afterEach(async () => {
    clients.destroyAll()
    for (const { relay } of relays.splice(0)) await relay.close().catch(() => {})
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  /** Lets the relay find out that the store fails: one accepted update, one failed commit. */
  const makeFail = async (store: FaultyStore, client: TestClient, entry: unknown) => {
    store.appendMode = 'failing'
    const attempts = store.appendAttempts
    client.append(entry)
    await store.attempts(attempts + 1)
  }

  it('shuts down within its flush deadline, reporting what it could not store and losing nothing acknowledged', async () => {
    const started = await open({ shutdownFlushMs: 300 })
    const { relay, store, dataDir } = started
    const writer = connect(started, 'room')
    await writer.synced()
    writer.append('acknowledged')
    await writer.durableNow()
    await makeFail(store, writer, 'accepted, never stored')
    const closingAt = performance.now()
    const report = await relay.close()
    expect(performance.now() - closingAt).toBeLessThan(3_000)
    expect(report.unstored).toEqual(new Map([['room', 1]]))
    // A few retries with backoff, not a tight loop of failed appends.
    expect(store.appendAttempts).toBeLessThan(10)
    const reopened = openSqliteStore(dataDir)
    const doc = new Y.Doc()
    for (const update of await reopened.load('room')) Y.applyUpdate(doc, update)
    expect(doc.getArray('messages').toJSON().map(bodyOf)).toEqual(['acknowledged'])
    await reopened.close()
    // The writer was never told the second entry was stored, so it still has it to send again.
    expect(writer.entries()).toEqual(['acknowledged', 'accepted, never stored'])
    expect(writer.durable.get(writer.doc.clientID)).toBe(1)
  })

  it('says why in health and readiness, unloads idle rooms, and serves their unstored entries on reload', async () => {
    const started = await open({ idleUnloadMs: 50 })
    const writer = connect(started, 'idle')
    await writer.synced()
    await makeFail(started.store, writer, 'queued while the disk is full')
    const readiness = await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${started.port}/readyz`)
        return response.status === 503 && ((await response.json()) as Record<string, unknown>)
      },
      TIMEOUT_MS,
      'readiness to fail',
    )
    expect(readiness).toMatchObject({ ok: false, store: 'failing', reason: DISK_FULL, unstoredUpdates: 1 })
    expect((await fetch(`http://127.0.0.1:${started.port}/healthz`)).status).toBe(200)

    writer.destroy()
    await waitFor(
      async () => (await readMetric(started.port, 'parley_rooms_loaded')) === 0,
      TIMEOUT_MS,
      'unload',
    )
    const reader = connect(started, 'idle')
    await reader.synced()
    await waitFor(() => reader.entries().length === 1, TIMEOUT_MS, 'the queued entry after a reload')
    expect(reader.entries()).toEqual(['queued while the disk is full'])

    started.store.appendMode = 'ok'
    await waitFor(() => (reader.durable.size > 0 ? true : null), TIMEOUT_MS, 'the queued entry to be stored')
    expect((await fetch(`http://127.0.0.1:${started.port}/readyz`)).status).toBe(200)
  })

  it('refuses writes as unavailable while it fails, keeps the connection, and stores them once it works again', async () => {
    const started = await open()
    const writer = connect(started, 'recover')
    const reader = connect(started, 'recover')
    await Promise.all([writer.synced(), reader.synced()])
    await makeFail(started.store, writer, 'first')
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${started.port}/readyz`)).status === 503,
      TIMEOUT_MS,
      'unready',
    )
    for (let i = 0; i < 20; i++) writer.append(`while failing ${i}`)
    await waitFor(() => writer.refusals.length >= 20, TIMEOUT_MS, 'refusals')
    expect(writer.refusals.every((refusal) => refusal.code === 4503)).toBe(true)
    expect(writer.closes).toEqual([])
    expect(reader.entries()).toEqual(['first'])

    started.store.appendMode = 'ok'
    await writer.durableNow()
    await waitFor(() => reader.entries().length === 21, TIMEOUT_MS, 'every entry at the reader')
    expect(writer.closes).toEqual([])
  })

  it('keeps a connection waiting for a stalled load from reading without bound, and answers it', async () => {
    const started = await open({ loadTimeoutMs: 500 })
    started.store.loadMode = 'stalled'
    const socket = await openRaw(started.url, 'stalled')
    const frame = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))
    const filler = new Uint8Array(1024 * 1024)
    for (let i = 0; i < 40; i++) socket.send(Buffer.concat([frame, filler]))
    const closed = await socket.closed
    expect(closed).toEqual({ code: 4503, reason: 'unavailable: room failed to load' })
    // Paused while it waited: far less than the 40 MiB sent was read off the socket.
    expect(await readMetric(started.port, 'parley_received_bytes_total')).toBeLessThan(8 * 1024 * 1024)
    started.store.loadMode = 'ok'
    started.store.release()
    const client = connect(started, 'stalled')
    await client.synced()
    client.append('works again')
    await client.durableNow()
  })
})
