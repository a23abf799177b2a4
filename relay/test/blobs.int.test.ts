import { createHash } from 'node:crypto'
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readMetric } from './client.js'
import { type RelayProcess, startRelay } from './relayProcess.js'

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')
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

  it('refuses attachments over the size limit', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1)
    const response = await put(sha256(big), big, 'application/octet-stream')
    expect(response.status).toBe(413)
    expect((await fetch(`${base}/blobs/${sha256(big)}`)).status).toBe(404)
    expect(await readMetric(relay.port, 'parley_blob_uploads_total{result="tooLarge"}')).toBe(1)
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

  it('keeps blobs across a restart', async () => {
    const hash = sha256(PNG)
    expect(await relay.stop()).toBe(0)
    relay = await startRelay({ dataDir: relay.dataDir })
    base = `http://127.0.0.1:${relay.port}`
    expect(new Uint8Array(await (await fetch(`${base}/blobs/${hash}`)).arrayBuffer())).toEqual(PNG)
  })
})
