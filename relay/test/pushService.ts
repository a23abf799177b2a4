// A push service for tests: the receiving side of RFC 8030 on 127.0.0.1. It checks each push's
// VAPID JWT (RFC 8292: ES256 by the key in `k`, audience this origin, not expired) and decrypts its
// payload with http_ece (RFC 8291, aes128gcm) using the subscriber's own keys, which it makes.
import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import ece from 'http_ece'

export interface ReceivedPush {
  subscriber: string
  payload: string
  /** The VAPID JWT's claims, once verified. */
  claims: { aud: string; exp: number; sub: string }
  /** The relay's VAPID public key, as sent in `k`. */
  vapidKey: string
  ttl: string | undefined
}

export interface TestSubscriber {
  name: string
  /** What a browser's PushSubscription.toJSON() says. */
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } }
}

export interface PushService {
  readonly url: string
  readonly received: ReceivedPush[]
  /** Problems found in requests (bad JWT, undecryptable body): a test expects none. */
  readonly problems: string[]
  subscriber(name: string, status?: number): TestSubscriber
  close(): Promise<void>
}

interface Subscriber {
  ecdh: crypto.ECDH
  auth: Buffer
  status: number
}

export async function startPushService(): Promise<PushService> {
  const subscribers = new Map<string, Subscriber>()
  const received: ReceivedPush[] = []
  const problems: string[] = []
  let origin = ''
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const name = (req.url ?? '').replace(/^\/push\//, '')
      const subscriber = subscribers.get(name)
      if (req.method !== 'POST' || subscriber === undefined) {
        res.writeHead(404).end()
        return
      }
      try {
        const { claims, vapidKey } = verifyVapid(req.headers.authorization ?? '', origin)
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm')
        const payload = ece
          .decrypt(Buffer.concat(chunks), {
            version: 'aes128gcm',
            privateKey: subscriber.ecdh,
            authSecret: subscriber.auth.toString('base64url'),
          })
          .toString('utf8')
        received.push({
          subscriber: name,
          payload,
          claims,
          vapidKey,
          ttl: req.headers.ttl as string | undefined,
        })
      } catch (error) {
        problems.push(`${name}: ${(error as Error).message}`)
        res.writeHead(400).end()
        return
      }
      res.writeHead(subscriber.status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: origin,
    received,
    problems,
    subscriber(name, status = 201) {
      const ecdh = crypto.createECDH('prime256v1')
      ecdh.generateKeys()
      const auth = crypto.randomBytes(16)
      subscribers.set(name, { ecdh, auth, status })
      return {
        name,
        subscription: {
          endpoint: `${origin}/push/${name}`,
          keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
        },
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Checks `vapid t=<jwt>, k=<key>`: ES256 by `k`, for this origin, unexpired, with a contact. */
function verifyVapid(header: string, origin: string): Pick<ReceivedPush, 'claims' | 'vapidKey'> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header)
  if (match === null) throw new Error(`no VAPID authorization: ${header.slice(0, 40)}`)
  const [, jwt = '', vapidKey = ''] = match
  const [head = '', body = '', signature = ''] = jwt.split('.')
  const point = Buffer.from(vapidKey, 'base64url')
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point')
  const key = crypto.createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  })
  const valid = crypto.verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  )
  if (!valid) throw new Error('VAPID JWT signature does not verify')
  if (JSON.parse(Buffer.from(head, 'base64url').toString()).alg !== 'ES256')
    throw new Error('JWT is not ES256')
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as ReceivedPush['claims']
  if (claims.aud !== origin) throw new Error(`JWT audience ${claims.aud}, not ${origin}`)
  const now = Date.now() / 1000
  if (!(claims.exp > now && claims.exp <= now + 24 * 3600)) throw new Error('JWT expiry out of range')
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error('JWT has no contact')
  return { claims, vapidKey }
}
