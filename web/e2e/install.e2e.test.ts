// Installable: the manifest is served, valid and complete as Chromium itself reads it, with icons
// that are what they say; the service worker precaches exactly the files of this build.
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { arrive, consoleProblems, waitForServiceWorker } from './chat'
import { useScene } from './scene'

const DIST_ASSETS = fileURLToPath(new URL('../dist/assets/', import.meta.url))

interface ManifestIcon {
  src: string
  sizes: string
  type: string
  purpose?: string
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`
}

describe('install', () => {
  const scene = useScene()

  it('serves a valid web app manifest with its icons and precaches the build', async () => {
    const relay = await scene.relay()
    const alice = await scene.person('alice')
    const { page } = alice
    const origin = `http://127.0.0.1:${relay.port}`
    await arrive(page, `${origin}/`, 'Alice')
    await page.getByRole('button', { name: 'New room' }).waitFor()

    const href = await page.locator('link[rel="manifest"]').getAttribute('href')
    const response = await page.request.get(`${origin}${href}`)
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toMatch(/^application\/manifest\+json/)
    const manifest = (await response.json()) as { icons: ManifestIcon[] } & Record<string, unknown>
    expect(manifest).toMatchObject({
      name: 'Parley',
      short_name: 'Parley',
      start_url: '/',
      display: 'standalone',
    })
    const pngs = manifest.icons.filter((icon) => icon.type === 'image/png')
    expect(pngs.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ])
    for (const icon of pngs) {
      const image = await page.request.get(`${origin}${icon.src}`)
      expect(image.headers()['content-type']).toBe('image/png')
      expect(pngSize(await image.body())).toBe(icon.sizes)
    }

    // What Chromium itself makes of it: no manifest errors, nothing that keeps it from offering to install.
    const cdp = await page.context().newCDPSession(page)
    const read = await cdp.send('Page.getAppManifest')
    expect(read.errors).toEqual([])
    await waitForServiceWorker(page)
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
    // Playwright's browser contexts are off the record, where Chromium never offers to install.
    const errors = installabilityErrors.map((error) => error.errorId).filter((id) => id !== 'in-incognito')
    expect(errors).toEqual([])

    const cached = await page.evaluate(async () => {
      const name = (await caches.keys()).find((key) => key.startsWith('parley-shell-'))
      const cache = name ? await caches.open(name) : null
      return cache ? (await cache.keys()).map((request) => new URL(request.url).pathname) : []
    })
    const built = fs.readdirSync(DIST_ASSETS).map((file) => `/assets/${file}`)
    expect(cached).toEqual(
      expect.arrayContaining(['/index.html', '/manifest.webmanifest', '/icons/icon-192.png', ...built]),
    )
    expect(consoleProblems([alice])).toEqual([])
  })
})
