import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeDataDir, type RelayProcess, startRelay } from './relayProcess.js'

describe('HTTP: app, health and metrics', () => {
  let relay: RelayProcess
  let base: string

  beforeAll(async () => {
    const staticDir = makeDataDir()
    fs.mkdirSync(path.join(staticDir, 'assets'))
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Parley</title>')
    fs.writeFileSync(path.join(staticDir, 'assets', 'app-1234.js'), 'console.log(1)')
    relay = await startRelay({
      args: [
        '--static-dir',
        staticDir,
        '--ice-servers',
        '[{"urls":"stun:127.0.0.1:3478"}]',
        '--max-call-size',
        '3',
      ],
    })
    base = `http://127.0.0.1:${relay.port}`
  })
  afterAll(async () => {
    await relay.stop()
  })

  it('serves the app shell with a strict CSP, revalidated on every load', async () => {
    const response = await fetch(`${base}/`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<title>Parley</title>')
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('cache-control')).toBe('no-cache')
  })

  it('answers room links with the app and caches hashed assets for good', async () => {
    const room = await fetch(`${base}/r/abcDEF123`)
    expect(room.status).toBe(200)
    expect(await room.text()).toContain('<title>Parley</title>')
    const asset = await fetch(`${base}/assets/app-1234.js`)
    expect(asset.headers.get('cache-control')).toContain('immutable')
  })

  it('tells the app its ICE servers and call size for calls at /config.json', async () => {
    const response = await fetch(`${base}/config.json`)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toEqual({
      iceServers: [{ urls: ['stun:127.0.0.1:3478'] }],
      maxCallSize: 3,
      push: true,
    })
  })

  it('does not serve files outside the app folder', async () => {
    const response = await fetch(`${base}/..%2f..%2fpackage.json`)
    expect(await response.text()).not.toContain('"workspaces"')
  })

  it('reports health and Prometheus metrics', async () => {
    const health = await fetch(`${base}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ ok: true, rooms: 0, connections: 0 })
    const metrics = await (await fetch(`${base}/metrics`)).text()
    for (const name of [
      'parley_connections',
      'parley_rooms_loaded',
      'parley_updates_total',
      'parley_received_bytes_total',
      'parley_sent_bytes_total',
      'parley_persist_seconds_bucket',
      'parley_process_resident_memory_bytes',
    ]) {
      expect(metrics).toContain(name)
    }
  })

  it('refuses other methods', async () => {
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405)
  })

  it('explains a missing web build instead of failing', async () => {
    const bare = await startRelay({ args: ['--static-dir', path.join(makeDataDir(), 'missing')] })
    try {
      const response = await fetch(`http://127.0.0.1:${bare.port}/`)
      expect(response.status).toBe(503)
      expect(await response.text()).toContain('npm run build')
    } finally {
      await bare.stop()
    }
  })
})
