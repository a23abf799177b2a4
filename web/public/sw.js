// Parley's service worker: keeps the app shell so `/r/<roomId>` opens with the relay down or the
// network off. The room's history itself lives in IndexedDB, not here.
//
// - Navigations: network first (a new deploy shows at once), the cached shell when that fails.
// - /assets/*: file names carry a content hash, so cache first and keep what was fetched.
// - /blobs/<sha256>: attachments are content-addressed, so a stored copy can never be stale: cache
//   first, whatever the `?name=` (it only sets the download name), and only complete 200 answers
//   (a 404 means "not uploaded yet" and must be asked again). Once seen, an image shows offline.
// Nothing else (websockets, /health, /metrics) is touched.

const CACHE = 'parley-shell-v1'
const BLOB_CACHE = 'parley-blobs-v1'
const BLOB_PATH = /^\/blobs\/[0-9a-f]{64}$/
const SHELL = '/index.html'
const NAVIGATION_TIMEOUT_MS = 4000

/** Fetches the shell and every asset it names, so the first visit already works offline. */
async function precache() {
  const cache = await caches.open(CACHE)
  const response = await fetch(SHELL, { cache: 'no-cache' })
  if (!response.ok) return
  const html = await response.clone().text()
  await cache.put(SHELL, response)
  const assets = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1])
  await cache.addAll(assets.filter((path) => path !== SHELL))
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key !== CACHE && key !== BLOB_CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  )
})

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

async function navigation(request) {
  const cache = await caches.open(CACHE)
  try {
    const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS)
    if (response.ok && response.headers.get('content-type')?.includes('text/html')) {
      await cache.put(SHELL, response.clone())
    }
    return response
  } catch {
    const cached = await cache.match(SHELL)
    return cached ?? Response.error()
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE)
  const cached = await cache.match(request)
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) await cache.put(request, response.clone())
  return response
}

async function blob(request) {
  const cache = await caches.open(BLOB_CACHE)
  const cached = await cache.match(request, { ignoreSearch: true })
  if (cached) return cached
  const response = await fetch(request)
  if (response.status === 200) await cache.put(request, response.clone())
  return response
}

self.addEventListener('fetch', (event) => {
  const { request } = event
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (request.mode === 'navigate') event.respondWith(navigation(request))
  else if (BLOB_PATH.test(url.pathname)) event.respondWith(blob(request))
  else if (url.pathname.startsWith('/assets/') || url.pathname === '/favicon.svg') {
    event.respondWith(asset(request))
  }
})
