// The sender against a real HTTP server on loopback: with the relay's normal policy a push whose
// host resolves to loopback is refused before any connection is made (a name that resolved to a
// public address at subscribe time can resolve elsewhere later); with the tests' policy it is sent.
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ResolveAll } from './endpointLookup.js'
import { createPushSender, isRefusedEndpoint } from './pushSender.js'

const toLoopback: ResolveAll = async () => [{ address: '127.0.0.1', family: 4 }]

/** Keys of a browser's push subscription (P-256 key and auth secret): web-push encrypts to them. */
function subscriptionKeys() {
  const ecdh = crypto.createECDH('prime256v1')
  ecdh.generateKeys()
  return {
    p256dh: ecdh.getPublicKey().toString('base64url'),
    auth: crypto.randomBytes(16).toString('base64url'),
  }
}

describe('createPushSender', () => {
  let server: http.Server
  let port = 0
  let connections = 0
  beforeEach(async () => {
    connections = 0
    server = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => res.writeHead(201).end())
    })
    server.on('connection', () => connections++)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterEach(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  it('refuses to connect to a name that now resolves to loopback, or to a loopback address', async () => {
    const send = createPushSender({ insecureEndpoints: false, resolve: toLoopback })
    const keys = subscriptionKeys()
    for (const endpoint of [`http://push.example:${port}/x`, `http://127.0.0.1:${port}/x`]) {
      const error = await send({ endpoint, keys }, '{"room":"r","position":1}', { TTL: 60 }).catch((e) => e)
      expect(isRefusedEndpoint(error), endpoint).toBe(true)
    }
    expect(connections).toBe(0)
  })

  it('sends to loopback when the relay runs for tests with a local push service', async () => {
    const send = createPushSender({ insecureEndpoints: true })
    const keys = subscriptionKeys()
    await send({ endpoint: `http://127.0.0.1:${port}/x`, keys }, '{"room":"r","position":1}', { TTL: 60 })
    expect(connections).toBe(1)
  })
})
