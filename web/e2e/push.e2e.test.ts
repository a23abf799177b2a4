// The service worker's push handler in real Chromium: a push delivered through the DevTools
// protocol (as a push service would, with the relay's payload of a room id and a position) shows
// "New message in <title>" worded from what this device knows, and clicking through opens the room.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { arrive, consoleProblems, createRoom, renameRoom, waitForServiceWorker } from './chat'
import { useScene } from './scene'

/** The notifications the service worker has shown, as the page sees them. */
function shown(page: Page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready
    const list = await registration.getNotifications()
    return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag }))
  })
}

/** The title the app copied for the service worker, once it has. */
function mirroredTitle(page: Page, roomId: string) {
  return page.evaluate(
    (id) =>
      new Promise<string | null>((resolve) => {
        const request = indexedDB.open('parley-push')
        request.onsuccess = () => {
          const db = request.result
          if (!db.objectStoreNames.contains('rooms')) return resolve(null)
          const get = db.transaction('rooms').objectStore('rooms').get(id)
          get.onsuccess = () => resolve((get.result as { title: string | null } | undefined)?.title ?? null)
          get.onerror = () => resolve(null)
        }
        request.onerror = () => resolve(null)
      }),
    roomId,
  )
}

describe('push notifications in the service worker', () => {
  const scene = useScene()

  it('shows "New message in <room title>" for a push naming the room, from local data only', async () => {
    const relay = await scene.relay()
    const alice = await scene.person('alice')
    const origin = `http://127.0.0.1:${relay.port}`
    await alice.context.grantPermissions(['notifications'], { origin })
    await arrive(alice.page, `${origin}/`, 'Alice')
    const roomUrl = await createRoom(alice.page)
    const roomId = new URL(roomUrl).pathname.split('/').pop() ?? ''
    await renameRoom(alice.page, 'Garden club')
    await waitForServiceWorker(alice.page)
    await expect.poll(() => mirroredTitle(alice.page, roomId), { timeout: 10_000 }).toBe('Garden club')

    const cdp = await alice.context.newCDPSession(alice.page)
    const registrationId = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL.startsWith(origin) && !r.isDeleted)
        if (ours) resolve(ours.registrationId)
      })
    })
    await cdp.send('ServiceWorker.enable')
    const id = await registrationId
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin,
      registrationId: id,
      data: JSON.stringify({ room: roomId, position: 4 }),
    })
    await expect
      .poll(() => shown(alice.page), { timeout: 10_000 })
      .toEqual([
        {
          title: 'New message in Garden club',
          body: 'Open the room to read it (you asked for mentions only)',
          tag: `room:${roomId}`,
        },
      ])

    // A room this device does not know is not named: the payload has nothing to name it with.
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin,
      registrationId: id,
      data: JSON.stringify({ room: 'someOtherRoom', position: 1 }),
    })
    await expect
      .poll(async () => (await shown(alice.page)).map((n) => n.title).sort(), { timeout: 10_000 })
      .toEqual(['New message in Garden club', 'New message in a room'])
    expect(consoleProblems([alice])).toEqual([])
  })
})
