// Mentions: Bob completes `@Alice` from the room's members; Alice, whose room tab is hidden, gets
// a mention count in her room list (another tab), a counted title and a desktop notification.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  arrive,
  consoleProblems,
  conversation,
  createRoom,
  joinRoom,
  openRoomSettings,
  roomMenu,
} from './chat'
import { useScene } from './scene'

// Runs before the app: lets the test hide the tab (headless tabs are always "visible") and
// records every desktop notification the app raises.
const HIDDEN_TAB_AND_NOTIFICATIONS = `(() => {
  let hidden = false
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') })
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
  window.__setHidden = (value) => {
    hidden = value
    document.dispatchEvent(new Event('visibilitychange'))
  }
  window.__notifications = []
  const Real = window.Notification
  if (Real) {
    window.Notification = class extends Real {
      constructor(title, options) {
        window.__notifications.push({ title, body: (options && options.body) || '' })
        super(title, options)
      }
    }
  }
})()`

type Recorded = { title: string; body: string }

function setHidden(page: Page, hidden: boolean): Promise<void> {
  return page.evaluate(
    (value) => (window as unknown as { __setHidden(v: boolean): void }).__setHidden(value),
    hidden,
  )
}

function notifications(page: Page): Promise<Recorded[]> {
  return page.evaluate(() => (window as unknown as { __notifications: Recorded[] }).__notifications)
}

describe('mentions and notifications', () => {
  const scene = useScene()

  /** Alice has allowed notifications and can hide her tab; she opens a room and Bob joins it. */
  async function aliceAllowsNotifications() {
    const relay = await scene.relay()
    const origin = `http://127.0.0.1:${relay.port}`
    const alice = await scene.person('alice')
    await alice.context.grantPermissions(['notifications'], { origin })
    await alice.context.addInitScript(HIDDEN_TAB_AND_NOTIFICATIONS)
    const bob = await scene.person('bob')
    await arrive(alice.page, `${origin}/`, 'Alice')
    const roomUrl = await createRoom(alice.page)
    await joinRoom(bob.page, roomUrl, 'Bob')
    return { origin, alice, bob }
  }

  it('completes @name, counts the mention apart from unread and notifies the hidden tab', async () => {
    const { origin, alice, bob } = await aliceAllowsNotifications()
    // Permission is already granted: the settings offer no "Enable" button, mentions notify by default.
    const settings = await openRoomSettings(alice.page)
    expect(await settings.getByRole('combobox', { name: 'Notifications' }).inputValue()).toBe('mentions')
    expect(await settings.getByRole('button', { name: 'Enable desktop notifications' }).count()).toBe(0)
    await settings.getByRole('button', { name: 'Close' }).click()

    const home = await alice.context.newPage()
    await home.goto(`${origin}/`)
    await home.getByRole('link', { name: /Untitled room/ }).waitFor()
    await setHidden(alice.page, true)

    const composer = bob.page.getByRole('textbox', { name: 'Message' })
    await composer.fill('Hey @Al')
    const suggestions = bob.page.getByRole('listbox', { name: 'Mention suggestions' })
    await suggestions.getByRole('option', { name: '@Alice' }).waitFor()
    expect(await composer.getAttribute('aria-activedescendant')).toBeTruthy()
    await composer.press('Enter')
    await suggestions.waitFor({ state: 'detached' })
    expect(await composer.inputValue()).toBe('Hey @Alice ')
    await composer.pressSequentially('lunch?')
    await composer.press('Enter')
    await conversation(bob.page).getByText('Hey @Alice lunch?').waitFor()
    await composer.fill('just chatting')
    await composer.press('Enter')

    const row = home.getByRole('link', { name: /Untitled room/ })
    await row.getByText(/1 mention/).waitFor()
    await row.getByText(/2 unread/).waitFor()
    await alice.page.waitForFunction(() => document.title.startsWith('(2) '))
    const icon = await alice.page.locator('link[rel="icon"]').getAttribute('href')
    expect(icon?.startsWith('data:image/png')).toBe(true)
    const raised = await notifications(alice.page)
    expect(raised).toEqual([{ title: 'Bob mentioned you in Untitled room', body: 'Hey @Alice lunch?' }])
    expect(await conversation(alice.page).locator('.mention-me').textContent()).toBe('@Alice')

    await setHidden(alice.page, false)
    await alice.page.waitForFunction(() => !document.title.startsWith('('))
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('raises nothing in a muted room', async () => {
    const { alice, bob } = await aliceAllowsNotifications()
    await roomMenu(alice.page, 'Mute room')
    const settings = await openRoomSettings(alice.page)
    expect(await settings.getByRole('combobox', { name: 'Notifications' }).inputValue()).toBe('mute')
    await settings.getByRole('button', { name: 'Close' }).click()
    await setHidden(alice.page, true)
    const composer = bob.page.getByRole('textbox', { name: 'Message' })
    await composer.fill('@Alice are you there?')
    await composer.press('Escape')
    await composer.press('Enter')
    await conversation(alice.page).getByText('@Alice are you there?').waitFor()
    expect(await notifications(alice.page)).toEqual([])
    expect(await alice.page.title()).not.toMatch(/^\(/)
    expect(consoleProblems([alice, bob])).toEqual([])
  })
})
