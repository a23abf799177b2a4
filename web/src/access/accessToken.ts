// The relay's access token (issue 9): a relay started with --auth-secret admits only websockets
// with `?token=<JWT>` and uploads with `Authorization: Bearer <JWT>`. Its operator hands out a
// link ending in `#token=<JWT>` (`npm run token -- --url …`); the app keeps the token for that
// relay (this origin: the app is served by its relay) and takes it off the address bar, so it is
// not copied along with a room link. The token is only read here; the relay checks it.

const STORAGE_PREFIX = 'parley:access-token:'
/** A JWT: three base64url parts. Anything else in the fragment is left alone. */
const TOKEN_FRAGMENT = /^#token=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/
const MAX_TOKEN_CHARS = 4096

/** The token a link's fragment carries, or null. */
export function tokenFromHash(hash: string): string | null {
  const match = TOKEN_FRAGMENT.exec(hash)
  const token = match?.[1]
  return token !== undefined && token.length <= MAX_TOKEN_CHARS ? token : null
}

interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

function storage(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null // storage disabled: the token then lasts as long as the page
  }
}

let pageToken: string | null = null

/** The token kept for the relay at `host` (the page's own by default), or null. */
export function readAccessToken(host = globalThis.location?.host ?? ''): string | null {
  return storage()?.getItem(STORAGE_PREFIX + host) ?? pageToken
}

export function saveAccessToken(token: string, host = globalThis.location?.host ?? ''): void {
  pageToken = token
  storage()?.setItem(STORAGE_PREFIX + host, token)
}

/** The header an upload carries when there is a token. */
export function authorizationHeader(token: string | null): Record<string, string> {
  return token === null ? {} : { Authorization: `Bearer ${token}` }
}

/**
 * Keeps the token of a `#token=` link and removes it from the address (the rest of the address
 * stays, so the link still opens its room). Runs once, before the app reads its route.
 */
export function captureTokenFromLocation(): void {
  if (typeof location === 'undefined') return
  const token = tokenFromHash(location.hash)
  if (token === null) return
  saveAccessToken(token)
  history.replaceState(history.state, '', location.pathname + location.search)
}
