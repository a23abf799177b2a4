import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { putBlob, sha256, startPut } from './blobRequests.js'
import { readMetric } from './client.js'
import { makeDataDir, type RelayProcess, startRelay } from './relayProcess.js'
import { waitFor } from './waitFor.js'

const WAIT_MS = 10_000
const MIB = 1024 * 1024
const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 13 + seed) & 255)
/** Uploads in progress, by the relay's layout: a blob is a temporary file until verified and stored. */
const tempFiles = (dataDir: string) => fs.readdirSync(path.join(dataDir, 'blobs', 'tmp'))
const blobFile = (dataDir: string, hash: string) => path.join(dataDir, 'blobs', hash.slice(0, 2), hash)

/** Uploads counted with `result`; a result not seen yet has no sample at all. */
async function uploadsCounted(port: number, result: string): Promise<number> {
  return readMetric(port, `parley_blob_uploads_total{result="${result}"}`).catch((error: unknown) => {
    if (error instanceof Error && error.message.startsWith('no metric')) return 0
    throw error
  })
}
const PNG = new Uint8Array(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
)

/** A request with the path exactly as given: fetch would normalise `..` before sending. */
function rawRequest(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString()
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      .on('error', reject)
  })
}

describe('blob API', () => {
  let relay: RelayProcess
  let base: string
  const put = (hash: string, body: Uint8Array, type: string) =>
    fetch(`${base}/blobs/${hash}`, { method: 'PUT', body, headers: { 'Content-Type': type } })

  beforeAll(async () => {
    relay = await startRelay()
    base = `http://127.0.0.1:${relay.port}`
  })
  afterAll(async () => {
    await relay.stop()
  })

  it('round-trips an image, served inline, immutable and inert', async () => {
    const hash = sha256(PNG)
    expect((await put(hash, PNG, 'image/png')).status).toBe(201)
    const response = await fetch(`${base}/blobs/${hash}`)
    expect(response.status).toBe(200)
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('cache-control')).toContain('immutable')
    expect(response.headers.get('content-security-policy')).toContain('sandbox')
    expect((await put(hash, PNG, 'image/png')).status).toBe(200)
  })

  it('serves other files as downloads under a safe name', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4 not really')
    const hash = sha256(pdf)
    expect((await put(hash, pdf, 'application/pdf')).status).toBe(201)
    const response = await fetch(`${base}/blobs/${hash}?name=${encodeURIComponent('../../etc/"report".pdf')}`)
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('__.._etc__report_.pdf')}`,
    )
    const head = await fetch(`${base}/blobs/${hash}`, { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe(String(pdf.byteLength))
  })

  it('refuses a body whose SHA-256 is not the path, and stores nothing', async () => {
    const body = new TextEncoder().encode('what I sent')
    const claimed = sha256(new TextEncoder().encode('what I claimed'))
    const response = await put(claimed, body, 'text/plain')
    expect(response.status).toBe(400)
    expect(await response.text()).toContain(`hash mismatch: the body's SHA-256 is ${sha256(body)}`)
    expect((await fetch(`${base}/blobs/${claimed}`)).status).toBe(404)
  })

  it('refuses attachments over the size limit from their declared length, before the body', async () => {
    const refusedBefore = await uploadsCounted(relay.port, 'tooLarge')
    const hash = sha256(bytes(1, 1))
    // Headers only: the answer comes without a byte of the body. (Sending a body this large,
    // node's fetch often fails with EPIPE rather than read an early answer; browsers read it.)
    const upload = startPut(relay.port, hash, { length: 10 * MIB + 1 })
    const response = await upload.response
    expect(response.status).toBe(413)
    expect(response.headers.connection).toBe('close')
    expect(response.text).toContain(`attachment over ${10 * MIB} bytes`)
    upload.abort()
    expect((await fetch(`${base}/blobs/${hash}`)).status).toBe(404)
    expect(await uploadsCounted(relay.port, 'tooLarge')).toBe(refusedBefore + 1)
  })

  it('refuses types a browser could run', async () => {
    const page = new TextEncoder().encode('<script>alert(1)</script>')
    for (const type of ['text/html', 'image/svg+xml', 'not a type']) {
      expect((await put(sha256(page), page, type)).status).toBe(415)
    }
  })

  it('answers path tricks with 400 and never a file from disk', async () => {
    const hash = sha256(PNG)
    for (const path of [
      '/blobs/../rooms.sqlite3',
      '/blobs/..%2frooms.sqlite3',
      '/blobs/%2e%2e/%2e%2e/package.json',
      `/blobs/${hash.toUpperCase()}`,
      `/blobs/${hash.slice(1)}`,
      `/blobs/${hash}/../x`,
      '/blobs/',
    ]) {
      const response = await rawRequest(relay.port, path)
      expect(response.status, path).toBe(400)
      expect(response.body).toContain('bad blob path')
    }
  })

  it('refuses a streamed body over the size limit with 413 as it arrives, leaving no file', async () => {
    const refusedBefore = await uploadsCounted(relay.port, 'tooLarge')
    const big = bytes(10 * MIB + 1, 1)
    const upload = startPut(relay.port, sha256(big))
    // No Content-Length: only the bytes themselves can tell the relay the body is too large. The
    // last byte is the one over; nothing more is sent, so the answer cannot be lost to a reset.
    for (let offset = 0; offset < big.byteLength; offset += MIB) {
      await upload.write(big.subarray(offset, offset + MIB))
    }
    const response = await upload.response
    expect(response.status).toBe(413)
    expect(response.headers.connection).toBe('close')
    expect(tempFiles(relay.dataDir)).toEqual([])
    expect(fs.existsSync(blobFile(relay.dataDir, sha256(big)))).toBe(false)
    expect(await uploadsCounted(relay.port, 'tooLarge')).toBe(refusedBefore + 1)
  })

  it('keeps blobs, and their usage, across a restart', async () => {
    const hash = sha256(PNG)
    const storedBytes = await readMetric(relay.port, 'parley_blob_stored_bytes')
    const stored = await readMetric(relay.port, 'parley_blobs_stored')
    expect(stored).toBe(2)
    expect(await relay.stop()).toBe(0)
    relay = await startRelay({ dataDir: relay.dataDir })
    base = `http://127.0.0.1:${relay.port}`
    expect(new Uint8Array(await (await fetch(`${base}/blobs/${hash}`)).arrayBuffer())).toEqual(PNG)
    expect(await readMetric(relay.port, 'parley_blob_stored_bytes')).toBe(storedBytes)
    expect(await readMetric(relay.port, 'parley_blobs_stored')).toBe(stored)
  })
})

describe('blob API limits', () => {
  const relays: RelayProcess[] = []
  const start = async (options: Parameters<typeof startRelay>[0] = {}) => {
    const started = await startRelay(options)
    relays.push(started)
    return started
  }
  afterEach(async () => {
    for (const started of relays.splice(0)) await started.stop()
  })

  it('answers a flood from one address with 429 and Retry-After, while an accepted upload completes', async () => {
    const relay = await start()
    const slowBody = bytes(64 * 1024, 1)
    const slow = startPut(relay.port, sha256(slowBody), { type: 'image/png' })
    await slow.write(slowBody.subarray(0, 32 * 1024))
    // Its temporary file shows the relay admitted it and is storing it.
    await waitFor(() => tempFiles(relay.dataDir).length === 1, WAIT_MS, 'the slow upload to be admitted')
    const flood = await Promise.all(
      Array.from({ length: 60 }, (_, i) => putBlob(relay.port, sha256(bytes(64, i + 2)), bytes(64, i + 2))),
    )
    const refused = flood.filter((response) => response.status === 429)
    // 30 at once, one of them the slow upload, and one more a second while the flood runs.
    expect(refused.length).toBeGreaterThanOrEqual(20)
    expect(flood.filter((response) => response.status === 201)).toHaveLength(60 - refused.length)
    for (const response of refused) {
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1)
      expect(response.text).toContain('rate limited: too many uploads from this address')
    }
    await slow.write(slowBody.subarray(32 * 1024))
    slow.end()
    expect((await slow.response).status).toBe(201)
    const served = await fetch(`http://127.0.0.1:${relay.port}/blobs/${sha256(slowBody)}`)
    expect(served.status).toBe(200)
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(slowBody)
    expect(await readMetric(relay.port, 'parley_blob_uploads_total{result="rateLimited"}')).toBe(
      refused.length,
    )
  })

  it('refuses uploads past --max-blob-storage-bytes with 507 and shows usage in /metrics', async () => {
    const args = ['--max-blob-storage-bytes', '1000']
    let relay = await start({ args })
    const [a, b, c] = [bytes(600, 1), bytes(500, 2), bytes(400, 3)]
    expect((await putBlob(relay.port, sha256(a), a)).status).toBe(201)
    const full = await putBlob(relay.port, sha256(b), b)
    expect(full.status).toBe(507)
    expect(full.text).toContain('attachment storage is full: this relay keeps at most 1000 bytes')
    expect((await putBlob(relay.port, sha256(c), c)).status).toBe(201)
    const usage = async (port: number) => ({
      bytes: await readMetric(port, 'parley_blob_stored_bytes'),
      count: await readMetric(port, 'parley_blobs_stored'),
      quota: await readMetric(port, 'parley_blob_storage_quota_bytes'),
    })
    expect(await usage(relay.port)).toEqual({ bytes: 1000, count: 2, quota: 1000 })
    expect(await readMetric(relay.port, 'parley_blob_uploads_total{result="overQuota"}')).toBe(1)
    // Sending a blob that is already there needs no room.
    expect((await putBlob(relay.port, sha256(a), a)).status).toBe(200)
    // Usage is counted from disk when the relay starts again: still full.
    expect(await relay.stop()).toBe(0)
    relay = await start({ dataDir: relay.dataDir, args })
    expect(await usage(relay.port)).toEqual({ bytes: 1000, count: 2, quota: 1000 })
    expect((await putBlob(relay.port, sha256(bytes(1, 4)), bytes(1, 4))).status).toBe(507)
  })

  it('moves blobs an older relay kept in SQLite into files, and serves them', async () => {
    const dataDir = makeDataDir()
    const db = new Database(path.join(dataDir, 'rooms.sqlite3'))
    db.exec(`
      CREATE TABLE room_updates (room TEXT NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL,
        PRIMARY KEY (room, seq)) WITHOUT ROWID;
      CREATE TABLE blobs (hash TEXT PRIMARY KEY, type TEXT NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
    `)
    db.prepare('INSERT INTO blobs (hash, type, data) VALUES (?, ?, ?)').run(sha256(PNG), 'image/png', PNG)
    db.close()
    const relay = await start({ dataDir })
    const response = await fetch(`http://127.0.0.1:${relay.port}/blobs/${sha256(PNG)}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG)
    expect(await readMetric(relay.port, 'parley_blobs_stored')).toBe(1)
    expect(fs.existsSync(blobFile(dataDir, sha256(PNG)))).toBe(true)
    const migrated = new Database(path.join(dataDir, 'rooms.sqlite3'), { readonly: true })
    const table = migrated
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'blobs'")
      .get()
    migrated.close()
    expect(table).toBeUndefined()
  })
})
