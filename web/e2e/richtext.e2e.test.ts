// Markdown in messages: the chat subset renders as formatting for the other person, emoji come
// from shortcodes and the picker, and hostile markup stays inert text that loads nothing.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { aliceAndBob, consoleProblems, conversation } from './chat'
import { useScene } from './scene'

const MARKDOWN = '**bold** and _it_ and ~~gone~~ and `code` :tada:\n> quoted\n\n- one\n- two'
const HOSTILE =
  '[click](javascript:alert(1)) <img src=x onerror="window.__pwned=1"> ![pic](https://evil.example/x.png) <script>window.__pwned=2</script>'

/** Types `text` (newlines included) into the composer and sends it with Enter. */
async function sendRaw(page: Page, text: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: 'Message' })
  await composer.fill(text)
  await composer.press('Enter')
}

function lastMessage(page: Page) {
  return conversation(page).locator('article[data-entry-id] .message-text').last()
}

describe('rich text', () => {
  const scene = useScene()

  it('renders the Markdown subset and emoji for the other person', async () => {
    const { alice, bob } = await aliceAndBob(scene)
    await sendRaw(alice.page, MARKDOWN)
    const text = lastMessage(bob.page)
    await text.locator('blockquote').waitFor()
    expect(await text.locator('strong').textContent()).toBe('bold')
    expect(await text.locator('em').textContent()).toBe('it')
    expect(await text.locator('s').textContent()).toBe('gone')
    expect(await text.locator('code').textContent()).toBe('code')
    expect(await text.locator('blockquote').textContent()).toBe('quoted')
    expect(await text.locator('ul > li').allTextContents()).toEqual(['one', 'two'])
    expect(await text.locator('.emoji').textContent()).toBe('🎉')

    // The picker by keyboard alone: open, move right, pick with Enter.
    await alice.page.getByRole('textbox', { name: 'Message' }).fill('picked ')
    await alice.page.getByRole('button', { name: 'Insert emoji' }).click()
    const grid = alice.page.getByRole('dialog', { name: 'Emoji' })
    await grid.getByRole('button', { name: ':smile:' }).waitFor()
    await alice.page.keyboard.press('ArrowRight')
    await alice.page.keyboard.press('Enter')
    await grid.waitFor({ state: 'detached' })
    const composer = alice.page.getByRole('textbox', { name: 'Message' })
    expect(await composer.inputValue()).toBe('picked 😀')
    await composer.press('Enter')
    await conversation(bob.page).getByText('picked 😀').waitFor()
    expect(consoleProblems([alice, bob])).toEqual([])
  })

  it('shows HTML, script and javascript: links as inert text and loads no remote image', async () => {
    const { alice, bob } = await aliceAndBob(scene)
    const remote: string[] = []
    bob.page.on('request', (request) => {
      if (!request.url().startsWith('http://127.0.0.1')) remote.push(request.url())
    })
    await sendRaw(alice.page, HOSTILE)
    await sendRaw(alice.page, 'after the payload')
    await conversation(bob.page).getByText('after the payload').waitFor()

    for (const { page } of [alice, bob]) {
      const article = conversation(page).locator('article[data-entry-id]').filter({ hasText: 'click' })
      expect(await article.locator('.message-text').textContent()).toContain('<img src=x onerror=')
      expect(await article.locator('.message-text').textContent()).toContain('[click](javascript:alert(1))')
      expect(await conversation(page).locator('article img, article script, article iframe').count()).toBe(0)
      const hrefs = await article.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))
      expect(hrefs).toEqual(['https://evil.example/x.png'])
      expect(await article.locator('a').getAttribute('rel')).toBe('noopener noreferrer nofollow')
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined()
    }
    expect(remote).toEqual([])
    expect(consoleProblems([alice, bob])).toEqual([])
  })
})
