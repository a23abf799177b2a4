// A real full disk: the relay process runs on a small tmpfs that a filler file fills up. Writes are
// refused as unavailable (nothing applied, clients keep their entries), readiness says why, and
// once space returns every pending entry is stored without a restart. SIGTERM on a full disk ends
// the process in bounded time, and nothing acknowledged is lost.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClientSet } from './client.js'
import { type RelayProcess, startRelay } from './relayProcess.js'
import { waitFor } from './waitFor.js'

const TMPFS_SIZE = '12m'
const TIMEOUT_MS = 20_000

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

/** Writes zeros into `file` until the disk is full. */
function fillDisk(file: string): void {
  const chunk = Buffer.alloc(64 * 1024)
  const fd = fs.openSync(file, 'w')
  try {
    for (let i = 0; i < 10_000; i++) fs.writeSync(fd, chunk)
    throw new Error('the disk never filled up')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    fs.closeSync(fd)
  }
}

describe('a full disk', () => {
  let mountDir: string
  let dataDir: string
  let filler: string
  const clients = createClientSet()
  const relays: RelayProcess[] = []

  beforeAll(() => {
    mountDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-full-'))
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', mountDir])
    dataDir = path.join(mountDir, 'data')
    filler = path.join(mountDir, 'filler')
  })
  afterAll(async () => {
    clients.destroyAll()
    for (const relay of relays) if (relay.child.exitCode === null) await relay.kill()
    execFileSync('umount', [mountDir])
    fs.rmSync(mountDir, { recursive: true, force: true })
  })

  const ready = async (relay: RelayProcess) =>
    (await fetch(`http://127.0.0.1:${relay.port}/readyz`)).status === 200

  it('refuses writes while full, stores every pending entry once space returns, and loses nothing', async () => {
    const relay = await startRelay({ dataDir })
    relays.push(relay)
    const writer = clients.connect(relay, 'room', { durable: true, refusals: true })
    const reader = clients.connect(relay, 'room')
    await Promise.all([writer.synced(), reader.synced()])
    writer.append('before the disk filled')
    await writer.durableNow()

    fillDisk(filler)
    const blob = new Uint8Array(100 * 1024).fill(7)
    const upload = await fetch(`http://127.0.0.1:${relay.port}/blobs/${sha256(blob)}`, {
      method: 'PUT',
      body: blob,
      headers: { 'Content-Type': 'application/octet-stream' },
    })
    expect(upload.status).toBe(507)
    expect(await upload.text()).toMatch(/disk has no space left/)
    const text = 'x'.repeat(4_000)
    for (let i = 0; i < 50; i++) writer.append({ i, text })
    const readiness = await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${relay.port}/readyz`)
        return response.status === 503 && ((await response.json()) as { reason: string })
      },
      TIMEOUT_MS,
      'readiness to report the full disk',
    )
    expect(readiness.reason).toMatch(/full|SQLITE_FULL|ENOSPC/i)
    // Later writes are refused as unavailable, not applied, and the connection stays open.
    writer.append('while full')
    await waitFor(() => writer.refusals.some((refusal) => refusal.code === 4503), TIMEOUT_MS, 'a refusal')
    expect(writer.closes).toEqual([])

    fs.rmSync(filler)
    await writer.durableNow(TIMEOUT_MS)
    expect(await ready(relay)).toBe(true)
    await waitFor(() => reader.entries().length === 52, TIMEOUT_MS, 'every entry at the reader')
    expect(writer.closes).toEqual([])
    expect(await relay.stop()).toBe(0)
  })

  it('stops on SIGTERM within a bounded time while the disk is full, keeping what it acknowledged', async () => {
    const relay = await startRelay({ dataDir })
    relays.push(relay)
    const writer = clients.connect(relay, 'sigterm', { durable: true })
    await writer.synced()
    writer.append('acknowledged')
    await writer.durableNow()
    fillDisk(filler)
    for (let i = 0; i < 50; i++) writer.append({ i, text: 'y'.repeat(4_000) })
    await waitFor(async () => !(await ready(relay)), TIMEOUT_MS, 'the relay to notice the full disk')

    const stoppedAt = performance.now()
    const code = await relay.stop()
    expect(performance.now() - stoppedAt).toBeLessThan(20_000)
    expect(code).toBe(1)
    const report = relay.logs.find((line) =>
      line.msg?.toString().startsWith('stopped with updates that could not'),
    )
    expect(report?.rooms).toMatchObject({ sigterm: expect.any(Number) })
    writer.destroy()

    fs.rmSync(filler)
    const again = await startRelay({ dataDir })
    relays.push(again)
    const reader = clients.connect(again, 'sigterm')
    await reader.synced()
    expect(reader.entries()[0]).toBe('acknowledged')
    await again.stop()
  })
})
