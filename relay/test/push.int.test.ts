// Web Push from the real relay process to a real push service (pushService.ts: checks VAPID,
// decrypts with http_ece): a device that is not connected gets a push naming only the room and a
// position; a muted room, the device's own entries and a connected device get none; a subscription
// the push service says is gone is removed. Without --insecure-push-endpoints, endpoints that lead
// to loopback or private addresses are refused; with --auth-secret, subscribing needs a token for
// the rooms and unsubscribing any valid token.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mintToken } from '../src/auth.js'
import { type PushService, startPushService, type TestSubscriber } from './pushService.js'
import { createTestSigner } from './signing.js'
import { useRelay } from './useRelay.js'
import { waitFor } from './waitFor.js'

const WAIT_MS = 10_000
const DEVICE = 'device-aaaaaaaaaaaaaaaa'

describe('push notifications', () => {
  const relay = useRelay({ args: ['--insecure-push-endpoints', '--push-subject', 'mailto:ops@example.org'] })
  let service: PushService
  beforeAll(async () => {
    service = await startPushService()
  })
  afterAll(async () => {
    await service.close()
  })

  const post = (route: string, body: unknown) =>
    fetch(`${relay.url.replace('ws:', 'http:')}/push/${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })

  const subscribe = async (
    subscriber: TestSubscriber,
    key: string,
    rooms: Record<string, string>,
    device = DEVICE,
  ) => {
    const response = await post('subscribe', { subscription: subscriber.subscription, device, key, rooms })
    expect(response.status, await response.clone().text()).toBe(200)
  }

  const queued = async (): Promise<number> => {
    const text = await (await fetch(`${relay.url.replace('ws:', 'http:')}/metrics`)).text()
    return Number(/parley_pushes_total\{result="queued"\} (\d+)/.exec(text)?.[1] ?? 0)
  }

  it('creates its VAPID keys on first start in the data folder and serves the public key', async () => {
    const saved = JSON.parse(fs.readFileSync(path.join(relay.process.dataDir, 'vapid.json'), 'utf8'))
    const response = await fetch(`${relay.url.replace('ws:', 'http:')}/push/key`)
    expect(await response.json()).toEqual({ publicKey: saved.publicKey })
    expect(fs.statSync(path.join(relay.process.dataDir, 'vapid.json')).mode & 0o777).toBe(0o600)
  })

  it('pushes a mention to a disconnected device, and nothing for a muted room, its own entries or while connected', async () => {
    const alice = createTestSigner()
    const phone = service.subscriber('alice-phone')
    await subscribe(phone, alice.key, { team: 'mentions', noisy: 'mute' })
    const bob = relay.connect('team', { durable: true })
    const bobNoisy = relay.connect('noisy', { durable: true })
    await Promise.all([bob.synced(), bobNoisy.synced()])

    bobNoisy.append('in the muted room')
    await bobNoisy.durableNow()
    // Alice's own device, connected: it sees the entry itself.
    const aliceOnline = relay.connect('team', { durable: true, signer: alice, params: { device: DEVICE } })
    await aliceOnline.synced()
    bob.append('@Alice while you are here')
    await bob.durableNow()
    aliceOnline.append('my own words')
    await aliceOnline.durableNow()
    // Decided when each entry was applied, before it was stored: nothing was queued so far.
    expect(await queued()).toBe(0)

    aliceOnline.destroy()
    await waitFor(
      async () => {
        bob.append('@Alice are you there?')
        await bob.durableNow()
        return (await queued()) > 0
      },
      WAIT_MS,
      'a push once Alice is gone',
    )
    await waitFor(() => service.received.length > 0, WAIT_MS, 'the push at the push service')
    expect(service.problems).toEqual([])
    const [push] = service.received
    expect(push?.subscriber).toBe('alice-phone')
    const payload = JSON.parse(push?.payload ?? '{}')
    expect(Object.keys(payload).sort()).toEqual(['position', 'room'])
    expect(payload.room).toBe('team')
    expect(payload.position).toBe(bob.doc.getArray('messages').length)
    expect(push?.claims.sub).toBe('mailto:ops@example.org')
    const served = (await (await fetch(`${relay.url.replace('ws:', 'http:')}/push/key`)).json()) as {
      publicKey: string
    }
    expect(push?.vapidKey).toBe(served.publicKey)
    expect(push?.ttl).toBe('86400')
  })

  it('drops a subscription the push service says is gone, and refuses bad ones', async () => {
    const carol = createTestSigner()
    const gone = service.subscriber('carol-old-laptop', 410)
    await subscribe(gone, carol.key, { lab: 'all' }, 'device-cccccccccccccccc')
    const dave = relay.connect('lab', { durable: true })
    await dave.synced()
    dave.append('hello lab')
    await waitFor(
      async () => {
        const text = await (await fetch(`${relay.url.replace('ws:', 'http:')}/metrics`)).text()
        return /parley_pushes_total\{result="gone"\} 1/.test(text)
      },
      WAIT_MS,
      'the 410 seen',
    )
    const before = await queued()
    dave.append('anyone?')
    await dave.durableNow()
    expect(await queued()).toBe(before)

    const bad = { ...gone.subscription, endpoint: 'http://192.0.2.1/push/x' }
    const refused = await post('subscribe', {
      subscription: bad,
      device: DEVICE,
      key: carol.key,
      rooms: { lab: 'all' },
    })
    expect([refused.status, (await refused.text()).trim()]).toEqual([400, 'endpoint must be an https URL'])
    const badLevel = await post('subscribe', {
      subscription: gone.subscription,
      device: DEVICE,
      key: carol.key,
      rooms: { lab: 'loud' },
    })
    expect(badLevel.status).toBe(400)
  })

  it('forgets a device that unsubscribes', async () => {
    const erin = createTestSigner()
    const device = service.subscriber('erin-tablet')
    await subscribe(device, erin.key, { garden: 'all' }, 'device-eeeeeeeeeeeeeeee')
    expect((await post('unsubscribe', { endpoint: device.subscription.endpoint })).status).toBe(200)
    const before = await queued()
    const frank = relay.connect('garden', { durable: true })
    await frank.synced()
    frank.append('spring')
    await frank.durableNow()
    expect(await queued()).toBe(before)
  })
})

/** POSTs `body` to the relay's /push/<route>, with `token` as a Bearer token if given. */
function postTo(relayUrl: string, route: string, body: unknown, token?: string) {
  return fetch(`${relayUrl.replace('ws:', 'http:')}/push/${route}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  })
}

/** A browser's subscription keys (the endpoint is what these tests vary). */
const KEYS = {
  p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
  auth: 'tBHItJI5svbpez7KI4CCXg',
}

describe('push endpoints on a relay for the public', () => {
  const relay = useRelay()
  const subscribeTo = (endpoint: string) =>
    postTo(relay.url, 'subscribe', {
      subscription: { endpoint, keys: KEYS },
      device: DEVICE,
      key: createTestSigner().key,
      rooms: { team: 'all' },
    })

  it('refuses endpoints on loopback, private, link-local and unique-local addresses, IPv4 and IPv6', async () => {
    const cases: Array<[string, string]> = [
      ['https://127.0.0.1/push/x', 'endpoint is a loopback address'],
      ['https://[::1]/push/x', 'endpoint is a loopback address'],
      ['https://localhost/push/x', 'endpoint host resolves to a loopback address'],
      ['https://10.1.2.3/push/x', 'endpoint is a private address'],
      ['https://192.168.0.10:8443/push/x', 'endpoint is a private address'],
      ['https://169.254.169.254/push/x', 'endpoint is a link-local address'],
      ['https://[fe80::1]/push/x', 'endpoint is a link-local address'],
      ['https://[fd00::5]/push/x', 'endpoint is a unique-local address'],
      ['https://[::ffff:10.0.0.1]/push/x', 'endpoint is a private address'],
    ]
    for (const [endpoint, why] of cases) {
      const response = await subscribeTo(endpoint)
      expect([response.status, (await response.text()).trim()], endpoint).toEqual([400, why])
    }
  })

  it('accepts an endpoint on a public address', async () => {
    const response = await subscribeTo('https://142.250.74.10/push/x')
    expect([response.status, (await response.text()).trim()]).toEqual([200, 'subscribed'])
  })
})

describe('push routes on a relay that needs access tokens', () => {
  const SECRET = 'push routes need tokens too, long enough'
  const relay = useRelay({ args: ['--auth-secret', SECRET, '--insecure-push-endpoints'] })
  let service: PushService
  beforeAll(async () => {
    service = await startPushService()
  })
  afterAll(async () => {
    await service.close()
  })
  const token = (rooms: '*' | string[]) =>
    mintToken(new TextEncoder().encode(SECRET), { rooms, create: true }, 1)

  it('subscribes only with a valid token for every room named', async () => {
    const phone = service.subscriber('gina-phone')
    const body = {
      subscription: phone.subscription,
      device: DEVICE,
      key: createTestSigner().key,
      rooms: { team: 'all' },
    }
    const attempts = [
      [undefined, 401, 'unauthorized: this relay needs an access token'],
      [await token(['other']), 401, 'unauthorized: token is not for this room'],
      [`${await token(['team'])}x`, 401, 'unauthorized: token not signed by this relay'],
      [
        await mintToken(
          new TextEncoder().encode('another relay’s secret, long enough'),
          { rooms: '*', create: true },
          1,
        ),
        401,
        'unauthorized: token not signed by this relay',
      ],
      [await token(['team']), 200, 'subscribed'],
    ] as const
    for (const [bearer, status, text] of attempts) {
      const response = await postTo(relay.url, 'subscribe', body, bearer)
      expect([response.status, (await response.text()).trim()]).toEqual([status, text])
    }
  })

  it('unsubscribes only with a valid token', async () => {
    const phone = service.subscriber('hal-phone')
    const endpoint = { endpoint: phone.subscription.endpoint }
    const refused = await postTo(relay.url, 'unsubscribe', endpoint)
    expect([refused.status, (await refused.text()).trim()]).toEqual([
      401,
      'unauthorized: this relay needs an access token',
    ])
    const accepted = await postTo(relay.url, 'unsubscribe', endpoint, await token(['team']))
    expect([accepted.status, (await accepted.text()).trim()]).toEqual([200, 'unsubscribed'])
  })
})
