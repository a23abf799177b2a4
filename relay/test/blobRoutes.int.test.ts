// The blob routes in-process, on a plain HTTP server on port 0 with a real store in a temp dir:
// limits lowered far enough to reach, and outcomes the relay process cannot show (the address a
// request comes from, a client that goes away mid-upload).
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type BlobLimits,
  type BlobResult,
  type BlobUsageReport,
  createBlobRoutes,
} from '../src/http/blobs.js'
import { openSqliteStore } from '../src/store/sqliteStore.js'
import { putBlob, sha256, startPut } from './blobRequests.js'
import { makeDataDir } from './relayProcess.js'
import { waitFor } from './waitFor.js'

const WAIT_MS = 10_000
const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 7 + seed) & 255)

const servers: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

async function serveBlobs(limits: BlobLimits) {
  const dataDir = makeDataDir()
  const store = openSqliteStore(dataDir)
  const results: BlobResult[] = []
  const usages: BlobUsageReport[] = []
  const handle = createBlobRoutes({
    store,
    limits,
    onUpload: (result) => results.push(result),
    onUsage: (usage) => usages.push(usage),
  })
  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const served = {
    port: (server.address() as AddressInfo).port,
    results,
    usages,
    tempFiles: () => fs.readdirSync(path.join(dataDir, 'blobs', 'tmp')),
    has: (hash: string) => store.hasBlob(hash),
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await store.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
  servers.push(served)
  return served
}

describe('blob routes: per-address upload limits', () => {
  it('answers uploads past an address budget with 429 and Retry-After, before reading the body', async () => {
    // 3 at once, then one every 10 s.
    const relay = await serveBlobs({
      maxBlobBytes: 1024 * 1024,
      blobUploadBurst: 3,
      blobUploadsPerSecond: 0.1,
    })
    for (let i = 0; i < 3; i++) {
      const blob = bytes(100, i)
      expect((await putBlob(relay.port, sha256(blob), blob)).status).toBe(201)
    }
    // Headers only, and a body that never comes: the answer cannot be waiting for it.
    const flood = startPut(relay.port, sha256(bytes(1, 0)))
    const refused = await flood.response
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toBe('10')
    expect(refused.headers.connection).toBe('close')
    expect(refused.text).toContain('rate limited: too many uploads from this address')
    const declared = await putBlob(relay.port, sha256(bytes(100, 9)), bytes(100, 9))
    expect(declared.status).toBe(429)
    expect(await relay.has(sha256(bytes(100, 9)))).toBe(false)
    expect(relay.results.filter((result) => result === 'rateLimited')).toHaveLength(2)
    // Another address has a budget of its own.
    const other = bytes(100, 10)
    expect((await putBlob(relay.port, sha256(other), other, { localAddress: '127.0.0.2' })).status).toBe(201)
  })

  it('charges bytes per address, with Retry-After from the byte rate, and refunds bytes never sent', async () => {
    // 1000 bytes at once, then 10 bytes a second.
    const relay = await serveBlobs({
      maxBlobBytes: 1024 * 1024,
      blobUploadByteBurst: 1000,
      blobUploadBytesPerSecond: 10,
    })
    const first = bytes(800, 1)
    expect((await putBlob(relay.port, sha256(first), first)).status).toBe(201)
    const second = bytes(800, 2)
    const refused = await putBlob(relay.port, sha256(second), second)
    expect(refused.status).toBe(429)
    expect(refused.text).toContain('too many bytes uploaded from this address')
    // 600 bytes short at 10 bytes a second; a little has refilled while the test ran.
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(55)
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60)
    // A refusal for its type reads nothing, so its 150 declared bytes are given back.
    expect(
      (await putBlob(relay.port, sha256(bytes(150, 3)), bytes(150, 3), { type: 'text/html' })).status,
    ).toBe(415)
    const fits = bytes(150, 4)
    expect((await putBlob(relay.port, sha256(fits), fits)).status).toBe(201)
  })
})

describe('blob routes: streamed uploads', () => {
  it('refuses a body of unknown length at the first chunk over the limit, leaving no file', async () => {
    const relay = await serveBlobs({ maxBlobBytes: 1000 })
    const body = bytes(1200, 1)
    const upload = startPut(relay.port, sha256(body))
    await upload.write(body.subarray(0, 600))
    await upload.write(body.subarray(600))
    const response = await upload.response
    expect(response.status).toBe(413)
    expect(response.headers.connection).toBe('close')
    expect(relay.tempFiles()).toEqual([])
    expect(await relay.has(sha256(body))).toBe(false)
    expect(relay.results).toEqual(['tooLarge'])
  })

  it('drops the temporary file of an upload whose client went away', async () => {
    const relay = await serveBlobs({ maxBlobBytes: 1000 })
    const body = bytes(800, 1)
    const upload = startPut(relay.port, sha256(body))
    await upload.write(body.subarray(0, 400))
    await waitFor(() => relay.tempFiles().length === 1, WAIT_MS, 'the upload to reach a temporary file')
    upload.abort()
    await waitFor(() => relay.results.includes('aborted'), WAIT_MS, 'the relay to see the abort')
    expect(relay.tempFiles()).toEqual([])
    expect(await relay.has(sha256(body))).toBe(false)
  })

  it('checks the quota as bytes arrive and reports usage after each stored upload', async () => {
    const relay = await serveBlobs({ maxBlobBytes: 1000, maxBlobStorageBytes: 1000 })
    expect(relay.usages).toEqual([{ bytes: 0, count: 0, quotaBytes: 1000 }])
    const first = bytes(700, 1)
    expect((await putBlob(relay.port, sha256(first), first)).status).toBe(201)
    expect(relay.usages.at(-1)).toEqual({ bytes: 700, count: 1, quotaBytes: 1000 })
    const second = bytes(400, 2)
    const upload = startPut(relay.port, sha256(second))
    await upload.write(second.subarray(0, 200))
    await upload.write(second.subarray(200))
    const response = await upload.response
    expect(response.status).toBe(507)
    expect(response.text).toContain('attachment storage is full')
    expect(relay.tempFiles()).toEqual([])
    expect(relay.usages).toHaveLength(2)
  })
})
