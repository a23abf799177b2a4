// The tab icon with a count badge, drawn on a canvas and set as a data: URL (the CSP allows
// img-src data:). The base icon is the app's own same-origin favicon.

const BASE_ICON = '/favicon.svg'
const SIZE_PX = 64
const BADGE_COLOR = '#e03131'

function iconLink(): HTMLLinkElement {
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]')
  if (!link) {
    link = document.createElement('link')
    link.rel = 'icon'
    document.head.append(link)
  }
  return link
}

function loadImage(src: string): Promise<HTMLImageElement | null> {
  return new Promise((resolve) => {
    const image = new Image()
    image.onload = () => resolve(image)
    image.onerror = () => resolve(null)
    image.src = src
  })
}

async function drawBadge(count: number): Promise<string | null> {
  const canvas = document.createElement('canvas')
  canvas.width = SIZE_PX
  canvas.height = SIZE_PX
  const context = canvas.getContext('2d')
  if (!context) return null
  const base = await loadImage(BASE_ICON)
  if (base) context.drawImage(base, 0, 0, SIZE_PX, SIZE_PX)
  const radius = SIZE_PX * 0.3
  const centre = SIZE_PX - radius
  context.fillStyle = BADGE_COLOR
  context.beginPath()
  context.arc(centre, centre, radius, 0, 2 * Math.PI)
  context.fill()
  context.fillStyle = '#fff'
  context.font = `bold ${Math.round(radius * 1.3)}px sans-serif`
  context.textAlign = 'center'
  context.textBaseline = 'middle'
  context.fillText(count > 9 ? '9+' : String(count), centre, centre + 1)
  return canvas.toDataURL('image/png')
}

/** Shows `count` on the tab icon, or the plain icon for 0. Later calls win over earlier ones. */
export function createFaviconBadge(): { set(count: number): void; close(): void } {
  let version = 0
  const set = (count: number) => {
    const mine = ++version
    if (count <= 0) {
      iconLink().href = BASE_ICON
      iconLink().type = 'image/svg+xml'
      return
    }
    void drawBadge(count).then((url) => {
      if (url === null || mine !== version) return
      iconLink().type = 'image/png'
      iconLink().href = url
    })
  }
  return { set, close: () => set(0) }
}
