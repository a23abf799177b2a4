// Drives the chat the way a person does (labels and roles, as a screen reader would find them)
// and reads back what they would see.
import type { Locator, Page } from 'playwright-core'
import type { Person } from './harness'
import type { TestScene } from './scene'

type ConnectionWord = 'online' | 'offline' | 'reconnecting'

/** Console errors that only say the relay is unreachable, which some tests cause on purpose. */
export const RELAY_DOWN_NOISE = [
  /WebSocket connection to .* failed/,
  /Failed to load resource: net::ERR_CONNECTION_REFUSED/,
]

/** Opens `url` as a first-time visitor and answers "Your name". */
export async function arrive(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url)
  await page.getByRole('textbox', { name: 'Your name' }).fill(name)
  await page.getByRole('button', { name: 'Continue' }).click()
}

/** From the home page: "New room", then wait for the room to be open and online. */
export async function createRoom(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'New room' }).click()
  await page.waitForURL(/\/r\/[^/]+$/)
  await connection(page, 'online')
  return page.url()
}

/** Joins the room at `url` as a new visitor and waits until it is online. */
export async function joinRoom(page: Page, url: string, name: string): Promise<void> {
  await arrive(page, url, name)
  await connection(page, 'online')
}

export function conversation(page: Page): Locator {
  return page.getByRole('log', { name: 'Conversation' })
}

function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
}

/** The message whose text is exactly `text`, optionally only if written by `author`. */
export function message(page: Page, text: string, author?: string): Locator {
  const articles = author
    ? conversation(page).getByRole('article', { name: new RegExp(`^${author}, `) })
    : conversation(page).locator('article[data-entry-id]')
  return articles.filter({ has: page.locator('.message-text', { hasText: exactly(text) }) })
}

/** Types `text` into the composer, sends it with Enter and waits for it to show. */
export async function send(page: Page, text: string): Promise<Locator> {
  const composer = page.getByRole('textbox', { name: 'Message' })
  await composer.fill(text)
  await composer.press('Enter')
  const sent = message(page, text)
  await sent.waitFor()
  return sent
}

export async function waitForState(
  page: Page,
  text: string,
  state: 'local' | 'stored' | 'refused',
): Promise<void> {
  await message(page, text)
    .and(page.locator(`[data-state="${state}"]`))
    .waitFor()
}

/** Waits until the connection status says one of `words`. */
export async function connection(page: Page, ...words: ConnectionWord[]): Promise<void> {
  const said = new RegExp(`\\b(${words.join('|')})\\b`, 'i')
  await page.getByRole('status').filter({ hasText: said }).waitFor()
}

/** Every message text in the conversation, in the order shown. */
export async function messageTexts(page: Page): Promise<string[]> {
  await conversation(page).waitFor()
  return conversation(page)
    .locator('article[data-entry-id] .message-text')
    .evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''))
}

/** Waits until the service worker controls the page, so a reload works with the relay down. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined))
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
}

/** Page errors, CSP violations and console errors other than the `allowed` ones. */
export function consoleProblems(people: Person[], allowed: RegExp[] = []): string[] {
  return people
    .flatMap((person) => person.consoleLines)
    .filter(
      (line) =>
        /\] pageerror: /.test(line) ||
        /Content Security Policy/i.test(line) ||
        (/\] error: /.test(line) && !allowed.some((pattern) => pattern.test(line))),
    )
}

/**
 * The usual start: a relay, Alice opens a new room and Bob joins it by its URL. With
 * `serviceWorker`, both pages are controlled by the service worker before it returns.
 */
export async function aliceAndBob(
  scene: TestScene,
  options: { serviceWorker?: boolean; relayArgs?: string[] } = {},
) {
  const relay = await scene.relay(options.relayArgs ? { args: options.relayArgs } : undefined)
  const alice = await scene.person('alice')
  const bob = await scene.person('bob')
  await arrive(alice.page, `http://127.0.0.1:${relay.port}/`, 'Alice')
  const roomUrl = await createRoom(alice.page)
  await joinRoom(bob.page, roomUrl, 'Bob')
  if (options.serviceWorker)
    await Promise.all([waitForServiceWorker(alice.page), waitForServiceWorker(bob.page)])
  return { relay, alice, bob, roomUrl }
}

/** From any page of the app: the settings page. */
export async function openSettings(page: Page): Promise<void> {
  const origin = new URL(page.url()).origin
  await page.goto(`${origin}/settings`)
  await page.getByRole('heading', { name: 'Settings' }).waitFor()
}

/** This person's safety number as their settings show it (30 digits in 6 groups). */
export async function ownSafetyNumber(page: Page): Promise<string> {
  const shown = page.getByRole('region', { name: 'Your safety number' }).locator('.fingerprint')
  await shown.filter({ hasText: /^\d{5}( \d{5}){5}$/ }).waitFor()
  return (await shown.textContent()) ?? ''
}

/** Picks `item` from the room header's "Room options" menu. */
export async function roomMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'Room options' }).click()
  const menu = page.getByRole('menu', { name: 'Room options' })
  await menu
    .getByRole('menuitem', { name: item })
    .or(menu.getByRole('menuitemcheckbox', { name: item }))
    .click()
}

/** Opens the room's settings dialog (title, topic, notifications, info) unless it is open. */
export async function openRoomSettings(page: Page): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name: 'Room settings' })
  if (!(await dialog.isVisible())) await roomMenu(page, 'Room settings')
  await dialog.waitFor()
  return dialog
}

/** Names the room through its settings and waits for the header to show it. */
export async function renameRoom(page: Page, title: string): Promise<void> {
  const dialog = await openRoomSettings(page)
  await dialog.getByRole('textbox', { name: 'Room title' }).fill(title)
  await dialog.getByRole('button', { name: 'Save room title' }).click()
  await dialog.getByRole('button', { name: 'Close' }).click()
  await page.getByRole('heading', { name: title, level: 1 }).waitFor()
}

/** Opens the room's info (in its settings) and waits until it says `line`. */
export async function roomInfoSays(page: Page, line: string | RegExp): Promise<void> {
  const dialog = await openRoomSettings(page)
  const info = dialog.locator('details.room-info')
  if ((await info.getAttribute('open')) === null) await info.locator('summary').click()
  await info.getByRole('listitem').filter({ hasText: line }).waitFor()
}

/** A button of a message's toolbar (shown on hover). */
export async function messageAction(article: Locator, name: string): Promise<Locator> {
  await article.hover()
  return article.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name, exact: true })
}

/** A room's row in the sidebar, by the start of its title. */
export function roomLink(page: Page, title: string): Locator {
  return page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: new RegExp(`^${title}`) })
}
