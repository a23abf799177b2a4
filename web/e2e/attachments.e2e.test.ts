// Attachments with the relay down: picked offline, an image is queued on the device (bytes in
// IndexedDB), shown from those bytes, kept across a reload and uploaded once the relay is back.
import { createHash } from 'node:crypto'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { aliceAndBob, connection, consoleProblems, conversation, RELAY_DOWN_NOISE } from './chat'
import { solidPng } from './png'
import { useScene } from './scene'

const WIDTH = 48
const HEIGHT = 24
const NAME = 'offline.png'
/** Bob may ask for the image before Alice's upload lands; the relay answers 404 and he asks again. */
const NOT_UPLOADED_YET = /Failed to load resource: the server responded with a status of 404/

/** The message in `page` that carries the image `name`. */
function imageMessage(page: Page, name: string): Locator {
  return conversation(page)
    .locator('article[data-entry-id]')
    .filter({ has: page.locator(`img[alt="${name}"]`) })
}

/** Waits until the image `name` is decoded at its full size, from a URL that starts with `from`. */
async function imageShown(page: Page, name: string, from: 'blob:' | '/blobs/'): Promise<void> {
  await page.waitForFunction(
    ({ name, from, width, height }) => {
      const img = document.querySelector<HTMLImageElement>(`article img[alt="${name}"]`)
      const src = img?.getAttribute('src') ?? ''
      return (
        src.startsWith(from) &&
        img?.complete === true &&
        img.naturalWidth === width &&
        img.naturalHeight === height
      )
    },
    { name, from, width: WIDTH, height: HEIGHT },
  )
}

describe('attachments with the relay down', () => {
  const scene = useScene()

  it('queues an image picked offline across a reload and uploads it when the relay is back', async () => {
    const { relay, alice, bob } = await aliceAndBob(scene, { serviceWorker: true })
    const png = solidPng(WIDTH, HEIGHT, [30, 120, 200])
    const hash = createHash('sha256').update(png).digest('hex')

    await relay.kill()
    await connection(alice.page, 'reconnecting', 'offline')
    await alice.page.getByLabel('Attach').setInputFiles({ name: NAME, mimeType: 'image/png', buffer: png })
    const onAlice = imageMessage(alice.page, NAME)
    const uploading = onAlice.getByRole('status').filter({ hasText: 'uploading…' })
    await uploading.waitFor()
    await imageShown(alice.page, NAME, 'blob:')
    expect(await onAlice.getAttribute('data-state')).toBe('local')

    await alice.page.reload()
    await connection(alice.page, 'offline')
    await uploading.waitFor()
    await imageShown(alice.page, NAME, 'blob:')
    expect(await onAlice.getAttribute('data-state')).toBe('local')
    expect(await imageMessage(bob.page, NAME).count()).toBe(0)

    await scene.relay({ port: relay.port, dataDir: relay.dataDir })
    // The pending state clears only once the relay has answered the upload with success.
    await uploading.waitFor({ state: 'detached' })
    const stored = await fetch(`http://127.0.0.1:${relay.port}/blobs/${hash}`)
    expect(stored.status).toBe(200)
    expect(Buffer.from(await stored.arrayBuffer()).equals(png)).toBe(true)
    await onAlice.and(alice.page.locator('[data-state="stored"]')).waitFor()
    await imageShown(alice.page, NAME, '/blobs/')

    const onBob = imageMessage(bob.page, NAME)
    await onBob.waitFor()
    expect(await onBob.getAttribute('aria-label')).toMatch(/^Alice, /)
    await imageShown(bob.page, NAME, '/blobs/')
    expect(consoleProblems([alice, bob], [...RELAY_DOWN_NOISE, NOT_UPLOADED_YET])).toEqual([])
  })
})
