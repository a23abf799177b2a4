// The service worker's push handler in real Chromium: a push delivered through the DevTools
// protocol (as a push service would, with the relay's payload of a room id and a position) shows
// "New message in <title>" worded from what this device knows, and clicking through opens the room.
// For a room at level 'mentions', the worker fetches the room's new entries from the relay, checks
// them as the app does, and says who mentioned this person, or quietly that nobody did.
import { randomBytes } from 'node:crypto'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { tokenLink } from './accessToken'
import {
  aliceAndBob,
  arrive,
  connection,
  consoleProblems,
  createRoom,
  openRoomSettings,
  renameRoom,
  send,
  waitForServiceWorker,
  waitForState,
} from './chat'
import type { Person } from './harness'
import { useScene } from './scene'

/** The notifications the service worker has shown, as the page sees them. */
function shown(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready
    const list = await registration.getNotifications()
    return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag }))
  })
}

/** A record the app copied for the service worker (`store` of the push mirror), once it has. */
function mirrored(page: Page, store: 'rooms' | 'self', key: string) {
  return page.evaluate(
    ({ store, key }) =>
      new Promise<unknown>((resolve) => {
        const request = indexedDB.open('parley-push')
        request.onsuccess = () => {
          const db = request.result
          if (!db.objectStoreNames.contains(store)) return resolve(null)
          const get = db.transaction(store).objectStore(store).get(key)
          get.onsuccess = () => {
            resolve(get.result ?? null)
            db.close()
          }
          get.onerror = () => resolve(null)
        }
        request.onerror = () => resolve(null)
      }),
    { store, key },
  )
}

/** Delivers pushes to `person`'s service worker as their push service would. */
async function pushChannel(person: Person, origin: string) {
  const cdp = await person.context.newCDPSession(person.page)
  const registrationId = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL.startsWith(origin) && !r.isDeleted)
      if (ours) resolve(ours.registrationId)
    })
  })
  await cdp.send('ServiceWorker.enable')
  const id = await registrationId
  return (payload: { room: string; position: number }) =>
    cdp.send('ServiceWorker.deliverPushMessage', {
      origin,
      registrationId: id,
      data: JSON.stringify(payload),
    })
}

/**
 * `person` leaves the app (no tab of it open): what others write now reaches them only by push.
 * The page stays on the relay's origin, to read the notifications; it has no favicon to ask for.
 */
async function leaveApp(person: Person, origin: string): Promise<void> {
  await person.page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }))
  await person.page.goto(`${origin}/healthz`)
}

const roomIdOf = (url: string) => new URL(url).pathname.split('/').pop() ?? ''

describe('push notifications in the service worker', () => {
  const scene = useScene()

  it('shows "New message in <room title>" for a push naming the room, from local data only', async () => {
    const relay = await scene.relay()
    const alice = await scene.person('alice')
    const origin = `http://127.0.0.1:${relay.port}`
    await alice.context.grantPermissions(['notifications'], { origin })
    await arrive(alice.page, `${origin}/`, 'Alice')
    const roomId = roomIdOf(await createRoom(alice.page))
    const settings = await openRoomSettings(alice.page)
    await settings.getByRole('combobox', { name: 'Notifications' }).selectOption('all')
    await renameRoom(alice.page, 'Garden club')
    await waitForServiceWorker(alice.page)
    await expect
      .poll(() => mirrored(alice.page, 'rooms', roomId), { timeout: 10_000 })
      .toEqual({ id: roomId, title: 'Garden club', level: 'all' })

    const deliver = await pushChannel(alice, origin)
    await deliver({ room: roomId, position: 4 })
    await expect
      .poll(() => shown(alice.page), { timeout: 10_000 })
      .toEqual([
        { title: 'New message in Garden club', body: 'Open the room to read it', tag: `room:${roomId}` },
      ])

    // A room this device does not know is not named: the payload has nothing to name it with.
    await deliver({ room: 'someOtherRoom', position: 1 })
    await expect
      .poll(async () => (await shown(alice.page)).map((n) => n.title).sort(), { timeout: 10_000 })
      .toEqual(['New message in Garden club', 'New message in a room'])
    expect(consoleProblems([alice])).toEqual([])
  })

  it('at level mentions, says who mentioned you, and only quietly that a message did not', async () => {
    const { relay, alice, bob, roomUrl } = await aliceAndBob(scene, { serviceWorker: true })
    const origin = `http://127.0.0.1:${relay.port}`
    const roomId = roomIdOf(roomUrl)
    await alice.context.grantPermissions(['notifications'], { origin })
    await renameRoom(alice.page, 'Garden club')
    await expect
      .poll(() => mirrored(alice.page, 'rooms', roomId), { timeout: 10_000 })
      .toEqual({ id: roomId, title: 'Garden club', level: 'mentions' })
    await expect
      .poll(() => mirrored(alice.page, 'self', 'self'), { timeout: 10_000 })
      .toMatchObject({ name: 'Alice' })
    const deliver = await pushChannel(alice, origin)
    await leaveApp(alice, origin)

    await send(bob.page, 'Anyone up for weeding on Saturday?')
    await waitForState(bob.page, 'Anyone up for weeding on Saturday?', 'stored')
    await deliver({ room: roomId, position: 6 })
    await expect
      .poll(() => shown(alice.page), { timeout: 20_000 })
      .toEqual([{ title: 'Garden club', body: 'New messages, none mentioning you', tag: `quiet:${roomId}` }])

    await send(bob.page, '@Alice could you bring the rake?')
    await waitForState(bob.page, '@Alice could you bring the rake?', 'stored')
    await deliver({ room: roomId, position: 7 })
    // The mention replaces the quiet notice, which no longer says what there is to read.
    await expect
      .poll(() => shown(alice.page), { timeout: 20_000 })
      .toEqual([
        {
          title: 'Bob mentioned you in Garden club',
          body: 'Open the room to read it',
          tag: `room:${roomId}`,
        },
      ])

    // Another message without a mention: the mention already announced is not announced again.
    await send(bob.page, 'Thanks!')
    await waitForState(bob.page, 'Thanks!', 'stored')
    await deliver({ room: roomId, position: 8 })
    await expect
      .poll(async () => (await shown(alice.page)).map((n) => n.tag).sort(), { timeout: 20_000 })
      .toEqual([`quiet:${roomId}`, `room:${roomId}`])
    expect((await shown(alice.page)).find((n) => n.tag === `quiet:${roomId}`)?.title).toBe('Garden club')
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('on a relay that needs access tokens, the service worker reads the room with the person’s token', async () => {
    const secret = randomBytes(32).toString('base64')
    const relay = await scene.relay({ args: ['--auth-secret', secret] })
    const origin = `http://127.0.0.1:${relay.port}`
    const alice = await scene.person('alice')
    const bob = await scene.person('bob')
    await alice.context.grantPermissions(['notifications'], { origin })
    await arrive(alice.page, await tokenLink(secret, origin), 'Alice')
    const roomUrl = await createRoom(alice.page)
    const roomId = roomIdOf(roomUrl)
    await renameRoom(alice.page, 'Back office')
    await arrive(bob.page, await tokenLink(secret, origin), 'Bob')
    await bob.page.goto(roomUrl)
    await connection(bob.page, 'online')
    await waitForServiceWorker(alice.page)
    await expect
      .poll(async () => (await mirrored(alice.page, 'self', 'self')) as { accessToken?: unknown } | null, {
        timeout: 10_000,
      })
      .toMatchObject({ name: 'Alice', accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) })
    await expect
      .poll(() => mirrored(alice.page, 'rooms', roomId), { timeout: 10_000 })
      .toMatchObject({ title: 'Back office', level: 'mentions' })
    const deliver = await pushChannel(alice, origin)
    await leaveApp(alice, origin)

    await send(bob.page, '@Alice the invoices are in')
    await waitForState(bob.page, '@Alice the invoices are in', 'stored')
    await deliver({ room: roomId, position: 5 })
    await expect
      .poll(() => shown(alice.page), { timeout: 20_000 })
      .toEqual([
        {
          title: 'Bob mentioned you in Back office',
          body: 'Open the room to read it',
          tag: `room:${roomId}`,
        },
      ])
    expect(consoleProblems([alice, bob])).toEqual([])
  })
})
