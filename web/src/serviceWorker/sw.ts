// Parley's service worker: keeps the app shell so `/r/<roomId>` opens with the relay down or the
// network off. The room's history itself lives in IndexedDB, not here.
//
// - Install: precaches exactly the files of this build. The list (`self.__WB_MANIFEST`) is written
//   into this file at build time by vite-plugin-pwa (injectManifest) from Vite's own bundle, so
//   a lazily loaded chunk or an icon is cached as surely as what index.html names.
// - Navigations: network first (a new deploy shows at once), the cached shell when that fails.
// - Precached files and /assets/*: file names carry a content hash, so cache first.
// - /blobs/<sha256>: attachments are content-addressed, so a stored copy can never be stale: cache
//   first, whatever the `?name=` (it only sets the download name), and only complete 200 answers
//   (a 404 means "not uploaded yet" and must be asked again). Once seen, an image shows offline.
//   That cache is bounded (blobCache.ts): the oldest attachments go first.
// Nothing else (websockets, /healthz, /metrics) is touched.
// - Push: the relay's pushes carry only a room id and a position; the notification is worded from
//   what this device knows of the room (pushMirror.ts), and clicking it opens the room. For a room
//   at level 'mentions', the worker first fetches the room's new entries from the relay and checks
//   them as the app would (roomNews.ts, newMention.ts), to say who mentioned this person.
import { createEd25519Verifier } from '../identity/verifier'
import { newMention } from '../push/newMention'
import {
  type MirroredRoom,
  readChecked,
  readMirroredRoom,
  readMirroredSelf,
  writeChecked,
} from '../push/pushMirror'
import {
  type MentionCheck,
  needsMentionCheck,
  type PushPayload,
  pushNotice,
  quietTag,
  readPushPayload,
} from '../push/pushText'
import { fetchRoomNews } from '../push/roomNews'
import { BLOB_PATH, keepBlob } from './blobCache'

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>
}

/** This build's files (written here at build time; the tool wants exactly one mention of it). */
const MANIFEST = self.__WB_MANIFEST
/** Named after the precache list, so each build caches its own files and drops the last one's. */
const CACHE = `parley-shell-${hashOf(MANIFEST.map((entry) => `${entry.url}@${entry.revision}`).join())}`
const BLOB_CACHE = 'parley-blobs-v1'
const SHELL = '/index.html'
const NAVIGATION_TIMEOUT_MS = 4000

function hashOf(text: string): string {
  let hash = 0
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) >>> 0
  return hash.toString(36)
}

// Deduplicated: the plugin may list an icon both as a file of the build and as a manifest icon,
// and `cache.addAll` refuses a list with the same request twice (the install would fail).
const PRECACHE = [...new Set(MANIFEST.map((entry) => new URL(entry.url, self.location.origin).pathname))]

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE)
  // `no-cache`: the HTML shell must be this build's, not an older one from the HTTP cache.
  await cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'no-cache' })))
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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

async function navigation(request: Request): Promise<Response> {
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

async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE)
  const cached = await cache.match(request, { ignoreSearch: true })
  if (cached) return cached
  const response = await fetch(request)
  if (response.ok) await cache.put(request, response.clone())
  return response
}

async function blob(request: Request): Promise<Response> {
  const cache = await caches.open(BLOB_CACHE)
  const cached = await cache.match(request, { ignoreSearch: true })
  if (cached) return cached
  const response = await fetch(request)
  if (response.status === 200) await keepBlob(cache, request, response.clone())
  return response
}

self.addEventListener('fetch', (event) => {
  const { request } = event
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (request.mode === 'navigate') event.respondWith(navigation(request))
  else if (BLOB_PATH.test(url.pathname)) event.respondWith(blob(request))
  else if (url.pathname.startsWith('/assets/') || PRECACHE.includes(url.pathname)) {
    event.respondWith(asset(request))
  }
})

/** What this device knows of the room, and for a room at level 'mentions', whether it mentions them. */
async function mentionCheck(payload: PushPayload, known: MirroredRoom | null): Promise<MentionCheck> {
  if (!needsMentionCheck(known)) return { kind: 'unchecked' }
  const me = await readMirroredSelf().catch(() => null)
  if (me === null) return { kind: 'unchecked' }
  const news = await fetchRoomNews(payload.room, {
    serverUrl: `${self.location.protocol === 'https:' ? 'wss' : 'ws'}://${self.location.host}`,
    accessToken: me.accessToken,
    verify: createEd25519Verifier(),
    checked: await readChecked(payload.room).catch(() => null),
  }).catch(() => null)
  if (news === null) return { kind: 'unchecked' }
  await writeChecked(payload.room, news.reached).catch(() => {})
  const mention = newMention(news.timeline, news.known, me)
  return mention === null ? { kind: 'notMentioned' } : { kind: 'mentioned', by: mention.author.name }
}

async function showPush(data: string | null): Promise<void> {
  const payload = readPushPayload(data)
  if (payload === null) return
  const known = await readMirroredRoom(payload.room).catch(() => null)
  const notice = pushNotice(payload.room, known, await mentionCheck(payload, known))
  if (notice === null) return
  await self.registration.showNotification(notice.title, {
    body: notice.body,
    tag: notice.tag,
    silent: notice.silent,
    icon: '/favicon.svg',
    data: { url: notice.url },
  })
  if (!notice.silent) {
    // Something to read now: an earlier "nothing for you" notice of the room is out of date.
    const quiet = await self.registration.getNotifications({ tag: quietTag(payload.room) })
    for (const notification of quiet) notification.close()
  }
}

self.addEventListener('push', (event) => {
  event.waitUntil(showPush(event.data?.text() ?? null))
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const url = (event.notification.data as { url?: string } | null)?.url ?? '/'
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).pathname === url)
      return open ? open.focus() : self.clients.openWindow(url)
    }),
  )
})
