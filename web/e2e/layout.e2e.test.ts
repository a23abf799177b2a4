// The daily-use layout in real Chromium: rooms in a sidebar beside the room at desktop width,
// badges that move there when a message arrives elsewhere, the quick switcher and Alt+arrows; on a
// phone, the list and then the room full screen, with a way back.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { arrive, connection, consoleProblems, createRoom, joinRoom, message, renameRoom, send } from './chat'
import { useScene } from './scene'

const PHONE = { width: 390, height: 844 }

function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'Rooms' })
}

function roomLink(page: Page, title: string) {
  return sidebar(page).getByRole('link', { name: new RegExp(`^${title}`) })
}

async function shownRoom(page: Page, title: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title }).waitFor()
  await connection(page, 'online')
}

describe('layout', () => {
  const scene = useScene()

  it('switches rooms from the sidebar, moves its badges, and jumps with Ctrl+K and Alt+arrows', async () => {
    const relay = await scene.relay()
    const alice = await scene.person('alice')
    const bob = await scene.person('bob')
    const { page } = alice
    await arrive(page, `http://127.0.0.1:${relay.port}/`, 'Alice')
    const alphaUrl = await createRoom(page)
    await renameRoom(page, 'Alpha')
    await joinRoom(bob.page, alphaUrl, 'Bob')
    await createRoom(page)
    await renameRoom(page, 'Beta')
    await roomLink(page, 'Alpha').waitFor()

    // A message in the room that is not shown: its row counts it, and moves to the top.
    await send(bob.page, 'Alice, look at this')
    await roomLink(page, 'Alpha').getByText('1 unread').waitFor()
    await roomLink(page, 'Alpha').getByText('Bob: Alice, look at this').waitFor()
    const titles = await sidebar(page).locator('.room-row-title').allTextContents()
    expect(titles).toEqual(['Alpha', 'Beta'])

    await roomLink(page, 'Alpha').click()
    await shownRoom(page, 'Alpha')
    expect(page.url()).toBe(alphaUrl)
    await message(page, 'Alice, look at this', 'Bob').waitFor()
    expect(await roomLink(page, 'Alpha').getAttribute('aria-current')).toBe('page')
    await roomLink(page, 'Alpha')
      .getByText(/unread/)
      .waitFor({ state: 'detached' })

    await page.keyboard.press('Control+k')
    const switcher = page.getByRole('dialog', { name: 'Jump to a room' })
    await switcher.getByRole('combobox', { name: 'Jump to a room' }).fill('bet')
    expect(await switcher.getByRole('option').allTextContents()).toEqual(['Beta'])
    await page.keyboard.press('Enter')
    await shownRoom(page, 'Beta')
    await switcher.waitFor({ state: 'detached' })

    // The sidebar's box finds rooms by name; picking one clears it.
    await sidebar(page).getByRole('searchbox', { name: 'Find a room' }).fill('alp')
    expect(await sidebar(page).locator('.room-row-title').allTextContents()).toEqual(['Alpha'])
    await roomLink(page, 'Alpha').click()
    await shownRoom(page, 'Alpha')
    expect(await sidebar(page).locator('.room-row-title').allTextContents()).toEqual(['Alpha', 'Beta'])
    await roomLink(page, 'Beta').click()
    await shownRoom(page, 'Beta')

    await page.keyboard.press('Alt+ArrowUp')
    await shownRoom(page, 'Alpha')
    await page.keyboard.press('Alt+ArrowDown')
    await shownRoom(page, 'Beta')

    await page.keyboard.press('?')
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await help.getByText('Jump to a room by name').waitFor()
    await page.keyboard.press('Escape')
    await help.waitFor({ state: 'detached' })
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('shows the list, then the room full screen, at phone width', async () => {
    const relay = await scene.relay()
    const alice = await scene.person('alice', { viewport: PHONE })
    const { page } = alice
    await arrive(page, `http://127.0.0.1:${relay.port}/`, 'Alice')
    await createRoom(page)
    await renameRoom(page, 'Pocket')
    expect(await sidebar(page).isVisible()).toBe(false)
    await send(page, 'Written on a phone')

    await page.getByRole('link', { name: 'All rooms' }).click()
    await roomLink(page, 'Pocket').getByText('Alice: Written on a phone').waitFor()
    expect(await page.getByRole('heading', { level: 1, name: 'Pocket' }).count()).toBe(0)

    await roomLink(page, 'Pocket').click()
    await shownRoom(page, 'Pocket')
    expect(await sidebar(page).isVisible()).toBe(false)
    // The browser's back (a gesture on a phone) goes to the list too.
    await page.goBack()
    await roomLink(page, 'Pocket').waitFor()
    expect(await roomLink(page, 'Pocket').isVisible()).toBe(true)
    expect(consoleProblems([alice])).toEqual([])
  })
})
