// Web Push from the real relay process to a real push service (pushService.ts: checks VAPID,
// decrypts with http_ece): a device that is not connected gets a push naming only the room and a
// position; a muted room, the device's own entries and a connected device get none; a subscription
// the push service says is gone is removed.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
