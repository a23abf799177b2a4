// Read state that follows the person: two browsers of the same identity (moved by a device link)
// agree on a room's unread count and its "new messages" divider after reading on either of them,
// also when one of them read while offline; and a room opens at its first unread message from
// this device's view cache, before its history is read, with the divider where the full fold
// puts it.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  arrive,
  connection,
  consoleProblems,
  createRoom,
  joinRoom,
  message,
  openSettings,
  renameRoom,
  roomLink,
  send,
} from './chat'
import { useScene } from './scene'
import { seedRoom } from './seed'

const BADGE_TIMEOUT_MS = 60_000
/** Messages read before leaving, then arriving: more than the view cache's newest 200 entries. */
const READ_BEFORE = 60
const ARRIVING = 240

function divider(page: Page) {
  return page.getByRole('separator', { name: 'New messages' })
}

/** Copies the identity of `from` to `to` with a device link and its one-time code. */
async function linkDevice(from: Page, to: Page): Promise<void> {
  await openSettings(from)
  await from.getByRole('button', { name: 'Link another device' }).click()
  const link = await from.getByRole('textbox', { name: 'Link to open on the other device' }).inputValue()
  const code = (await from.locator('.link-code').textContent()) ?? ''
  await to.goto(link)
  await to.getByRole('textbox', { name: 'One-time code' }).fill(code)
  await to.getByRole('button', { name: 'Link this device' }).click()
  await to.getByRole('heading', { name: 'Parley', exact: true }).waitFor()
}

/** The message row right after the divider. */
async function firstUnreadText(page: Page): Promise<string> {
  await divider(page).waitFor()
  return (await page.locator('.unread-divider ~ article .message-text').first().textContent()) ?? ''
}

/** Where the window of the room's view cache starts (a message's place), or null: the app's own record. */
function cachedWindowStart(page: Page, dbName: string): Promise<number | null> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name)
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    const view = await new Promise<unknown>((resolve) => {
      const request = db.transaction('custom').objectStore('custom').get('view')
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => resolve(undefined)
    })
    db.close()
    const window = typeof view === 'string' ? (JSON.parse(view) as { window?: [number] }).window : undefined
    return window?.[0] ?? null
  }, dbName)
}

async function openRoom(page: Page, title: string): Promise<void> {
  await roomLink(page, title).click()
  await page.getByRole('heading', { level: 1, name: title }).waitFor()
}

describe('read state across devices', () => {
  const scene = useScene()

  it('two browsers of one person agree on unread counts and the divider, also after one was offline', async () => {
    const relay = await scene.relay()
    const origin = `http://127.0.0.1:${relay.port}`
    const laptop = await scene.person('laptop')
    const phone = await scene.person('phone')
    const bob = await scene.person('bob')
    await arrive(laptop.page, `${origin}/`, 'Alice')
    const roomUrl = await createRoom(laptop.page)
    await renameRoom(laptop.page, 'Plans')
    await joinRoom(bob.page, roomUrl, 'Bob')
    await linkDevice(laptop.page, phone.page)
    await phone.page.goto(roomUrl)
    await connection(phone.page, 'online')
    for (const device of [laptop, phone]) await device.page.goto(`${origin}/`)

    for (let i = 1; i <= 40; i++) await send(bob.page, `Message ${i}`)
    // Forty arrivals folded, verified and counted by two background syncs: slow on a busy machine.
    for (const device of [laptop, phone])
      await roomLink(device.page, 'Plans').getByText('40 unread').waitFor({ timeout: BADGE_TIMEOUT_MS })

    // The laptop lands on the first unread message, under the divider (more than a screenful, so
    // they are not all read by being shown), and marks them read.
    await openRoom(laptop.page, 'Plans')
    expect(await firstUnreadText(laptop.page)).toBe('Message 1')
    await laptop.page.getByRole('status').filter({ hasText: '40 new messages' }).waitFor()
    await laptop.page.getByRole('button', { name: 'Mark as read' }).click()
    await laptop.page.getByRole('status').filter({ hasText: 'new messages' }).waitFor({ state: 'detached' })

    // The phone learns it: no badge, and no divider when it opens the room.
    await roomLink(phone.page, 'Plans')
      .getByText(/unread/)
      .waitFor({ state: 'detached' })
    await openRoom(phone.page, 'Plans')
    await message(phone.page, 'Message 40', 'Bob').waitFor()
    await connection(phone.page, 'online')
    expect(await divider(phone.page).count()).toBe(0)
    await phone.page.goto(`${origin}/`)
    await laptop.page.goto(`${origin}/`)

    for (let i = 41; i <= 43; i++) await send(bob.page, `Message ${i}`)
    for (const device of [laptop, phone]) await roomLink(device.page, 'Plans').getByText('3 unread').waitFor()

    // The phone goes offline and reads there: the divider sits above the first of the three.
    await phone.context.setOffline(true)
    await openRoom(phone.page, 'Plans')
    await connection(phone.page, 'reconnecting', 'offline')
    expect(await firstUnreadText(phone.page)).toBe('Message 41')
    // All three fit on the screen: shown is read, once the list has landed on the divider.
    await phone.page.getByRole('status').filter({ hasText: 'new messages' }).waitFor({ state: 'detached' })
    // The divider stays where it was while the room is open: reading on does not move it.
    expect(await divider(phone.page).count()).toBe(1)
    expect(await roomLink(laptop.page, 'Plans').getByText('3 unread').count()).toBe(1)

    // Back online, the laptop converges on what the phone read.
    await phone.context.setOffline(false)
    await roomLink(laptop.page, 'Plans')
      .getByText(/unread/)
      .waitFor({ state: 'detached' })
    await openRoom(laptop.page, 'Plans')
    await message(laptop.page, 'Message 43', 'Bob').waitFor()
    expect(await divider(laptop.page).count()).toBe(0)
    expect(
      consoleProblems(
        [laptop, phone, bob],
        [/WebSocket connection to .* failed/, /ERR_INTERNET_DISCONNECTED/],
      ),
    ).toEqual([])
  })

  it('opens at the first unread message from the view cache, and the full fold keeps it there', async () => {
    const relay = await scene.relay()
    const seeder = await seedRoom(relay.port)
    const carol = await seeder.person('Carol')
    await seeder.messages(
      carol,
      Array.from({ length: READ_BEFORE }, (_, i) => `Old ${i + 1}`),
    )
    const roomUrl = `http://127.0.0.1:${relay.port}/r/${seeder.roomId}`
    const alice = await scene.person('alice')
    const { page } = alice
    // Alice joins and reads everything there is (a room just joined opens at its newest, read).
    await joinRoom(page, roomUrl, 'Alice')
    await message(page, `Old ${READ_BEFORE}`, 'Carol').waitFor()
    await page.waitForFunction(
      (count) => localStorage.getItem('parley.rooms')?.includes(`"readCount":${count}`),
      READ_BEFORE,
    )
    await page.goto(new URL(roomUrl).origin)
    // While she is on the home page, more arrive than the view cache's newest entries hold; the
    // background sync folds them and keeps the cache, with its window at her first unread one.
    await seeder.messages(
      carol,
      Array.from({ length: ARRIVING }, (_, i) => `New ${i + 1}`),
    )
    await expect
      .poll(() => cachedWindowStart(page, `parley:${seeder.roomId}`), {
        timeout: BADGE_TIMEOUT_MS,
        interval: 200,
      })
      .toBe(READ_BEFORE - 8)
    seeder.close()

    // What the page shows when the first message rows appear (the list opens at the divider, not
    // at the newest rows and then jumps), and whether the history was read then.
    await page.addInitScript(() => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector('article[data-entry-id]')) return
        observer.disconnect()
        const divider = document.querySelector('.unread-divider')
        const next = divider?.parentElement?.querySelector<HTMLElement>('article .message-text')
        const box = next?.getBoundingClientRect()
        const list = next?.closest('.virtual-scroller')?.getBoundingClientRect()
        ;(window as { firstRows?: unknown }).firstRows = {
          firstUnread: next?.textContent ?? null,
          inView: box !== undefined && list !== undefined && box.bottom > list.top && box.top < list.bottom,
          historyPending: document.querySelector('.history-pending') !== null,
        }
      })
      observer.observe(document, { childList: true, subtree: true })
    })
    await page.goto(roomUrl)
    await page.waitForFunction(() => (window as { firstRows?: unknown }).firstRows !== undefined)
    expect(await page.evaluate(() => (window as { firstRows?: unknown }).firstRows)).toEqual({
      firstUnread: 'New 1',
      inView: true,
      historyPending: true,
    })
    // The whole history replaces the preview: same divider, same message, still in view.
    await page.locator('.history-pending').waitFor({ state: 'detached' })
    await page
      .getByRole('status')
      .filter({ hasText: `${ARRIVING} new messages` })
      .waitFor()
    expect(await firstUnreadText(page)).toBe('New 1')
    const first = message(page, 'New 1', 'Carol')
    await first.waitFor()
    expect(
      await first.evaluate((element) => {
        const box = element.getBoundingClientRect()
        const list = element.closest('.virtual-scroller')?.getBoundingClientRect()
        return list !== undefined && box.bottom > list.top && box.top < list.bottom
      }),
    ).toBe(true)
    expect(await message(page, `Old ${READ_BEFORE}`, 'Carol').count()).toBe(1)
    expect(consoleProblems([alice])).toEqual([])
  })
})
