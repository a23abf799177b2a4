// Flow control against an in-process relay with tight limits: a connection over its rate is slowed
// down, not closed; only one that stays over it past the threshold is closed; unsent data is
// bounded in total, and a reader that cannot keep up is closed before it stalls everyone.
import fs from 'node:fs'
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, type RelayLimits } from '../src/relay.js'
import { openSqliteStore } from '../src/store/sqliteStore.js'
import { createClientSet, readMetric } from './client.js'
import { type InProcessRelay, startInProcessRelay } from './inProcess.js'
import { openRaw } from './rawSocket.js'
import { makeDataDir } from './relayProcess.js'
import { waitFor } from './waitFor.js'

const TIMEOUT_MS = 20_000

/** A websocket client that completes the handshake and then never reads another byte. */
async function openStalledReader(port: number, room: string): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  socket.write(
    `GET /${room} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  )
  await new Promise<void>((resolve) => socket.once('data', () => resolve()))
  socket.pause()
  return socket
}

describe('flow control', () => {
  const clients = createClientSet({ durable: true })
  const sockets: net.Socket[] = []
  const relays: InProcessRelay[] = []
  const dirs: string[] = []
  const open = async (limits: Partial<RelayLimits>) => {
    const dataDir = makeDataDir()
    dirs.push(dataDir)
    const started = await startInProcessRelay({ store: openSqliteStore(dataDir), limits })
    relays.push(started)
    return started
  }
  const connect = (relay: InProcessRelay, room: string) => clients.connect(relay, room)
  afterEach(async () => {
    clients.destroyAll()
    for (const socket of sockets.splice(0)) socket.destroy()
    for (const { relay } of relays.splice(0)) await relay.close()
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('slows a writer over its rate instead of closing it, and stores everything it sent', async () => {
    const relay = await open({ messagesPerSecond: 500, messageBurst: 100 })
    const writer = connect(relay, 'fast')
    await writer.synced()
    for (let i = 0; i < 1_000; i++) writer.append({ i })
    await writer.durableNow(TIMEOUT_MS)
    expect(writer.closes).toEqual([])
    expect(await readMetric(relay.port, 'parley_throttled_total')).toBeGreaterThan(0)
  })

  it('keeps a slowed writer whose pongs wait behind its own frames', async () => {
    // Keepalive pings every 100 ms while the writer is read at 200 messages a second for ~5 s.
    const relay = await open({ messagesPerSecond: 200, messageBurst: 10, keepaliveIntervalMs: 100 })
    const writer = connect(relay, 'slowed')
    await writer.synced()
    for (let i = 0; i < 1_000; i++) writer.append({ i })
    await writer.durableNow(TIMEOUT_MS)
    expect(writer.closes).toEqual([])
  })

  it('closes a connection that stays over its rate past the threshold', async () => {
    const relay = await open({ messagesPerSecond: 50, messageBurst: 10, abusiveAfterMs: 300 })
    const socket = await openRaw(relay.url, 'abuse')
    const queryAwareness = new Uint8Array([3])
    for (let i = 0; i < 200; i++) socket.send(queryAwareness)
    expect(await socket.closed).toEqual({
      code: 4529,
      reason: 'rate limited: over the rate without a break for 0.3 s',
    })
    const other = connect(relay, 'abuse')
    await other.synced()
  })

  it('bounds unsent data in total and closes readers that cannot keep up, while others get everything', async () => {
    const limits = { maxBufferedBytes: 64 * 1024 * 1024, maxTotalBufferedBytes: 2 * 1024 * 1024 }
    const relay = await open(limits)
    const writer = connect(relay, 'big')
    const reader = connect(relay, 'big')
    await Promise.all([writer.synced(), reader.synced()])
    for (let i = 0; i < 3; i++) sockets.push(await openStalledReader(relay.port, 'big'))
    let peak = 0
    const sampling = setInterval(() => {
      void readMetric(relay.port, 'parley_outbound_buffered_bytes').then((bytes) => {
        peak = Math.max(peak, bytes)
      })
    }, 20)
    try {
      // Room for the envelope around the text (key, signature, body framing).
      const text = 'x'.repeat(DEFAULT_LIMITS.maxEntryBytes - 400)
      for (let i = 0; i < 1_200; i++) writer.append({ i, text }) // about 19 MiB to each reader
      await writer.durableNow(TIMEOUT_MS)
      await waitFor(() => reader.entries().length === 1_200, TIMEOUT_MS, 'every entry at the reader')
    } finally {
      clearInterval(sampling)
    }
    expect(await readMetric(relay.port, 'parley_updates_rejected_total{reason="tooSlow"}')).toBe(3)
    expect(writer.closes).toEqual([])
    expect(reader.closes).toEqual([])
    // Reading pauses above the limit; at most one check interval of fan-out piles up beyond it.
    expect(peak).toBeLessThan(limits.maxTotalBufferedBytes * 4)
  })
})
