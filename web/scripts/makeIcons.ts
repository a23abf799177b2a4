// Renders the app icons (web/public/icons/*.png) from the SVG below with Debian's Chromium, so the
// PNGs the install manifest names can be remade after a change of design:
//   node --import tsx web/scripts/makeIcons.ts
// The PNGs are committed: the build does not need a browser.
import { fileURLToPath } from 'node:url'
import { launchBrowser } from '../e2e/harness'

const OUT_DIR = fileURLToPath(new URL('../public/icons/', import.meta.url))
const ACCENT = '#3b5bdb'

/** The speech bubble of favicon.svg on the accent colour; `inset` (0..0.5) leaves a safe zone. */
function iconSvg(size: number, rounded: boolean, inset: number): string {
  const pad = size * inset
  const scale = (size - 2 * pad) / 32
  const radius = rounded ? size * 0.22 : 0
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<rect width="${size}" height="${size}" rx="${radius}" fill="${ACCENT}"/>
<path transform="translate(${pad} ${pad}) scale(${scale})" d="M8 10h16v10H14l-5 4v-4H8z" fill="#fff"/></svg>`
}

const ICONS = [
  { file: 'icon-192.png', size: 192, rounded: true, inset: 0 },
  { file: 'icon-512.png', size: 512, rounded: true, inset: 0 },
  // Maskable: full bleed, the bubble inside the central safe zone (a circle of 80% of the size).
  { file: 'maskable-512.png', size: 512, rounded: false, inset: 0.12 },
  { file: 'apple-touch-icon.png', size: 180, rounded: false, inset: 0.04 },
]

const browser = await launchBrowser()
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } })
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}</style>${iconSvg(icon.size, icon.rounded, icon.inset)}`,
    )
    await page.screenshot({ path: `${OUT_DIR}${icon.file}`, omitBackground: true })
    await page.close()
  }
} finally {
  await browser.close()
}
