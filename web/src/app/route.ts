// A small router: `/` is home, `/r/<roomId>` is a room (`/r/<roomId>#<entryId>` also asks the
// room to show that message: search results, notifications), `/search?q=<words>` searches every
// room, `/settings` is the person's profile and identity, and `/link#<sealed identity>` receives
// an identity from another device.
import { useEffect, useState } from 'react'
import { LINK_PATH } from '../identity/transfer'
import { isRoomId } from '../room'

export type Route =
  | { page: 'home' }
  | { page: 'room'; roomId: string; entryId: string | null }
  | { page: 'settings' }
  | { page: 'search'; query: string }
  | { page: 'link'; sealed: string }

/** Entry ids: base64url, and `.` for the `v1.` prefix of legacy entries. */
const ENTRY_ID = /^[A-Za-z0-9_.-]{1,80}$/
export const SETTINGS_PATH = '/settings'
export const SEARCH_PATH = '/search'

export function parseRoute(pathname: string, hash = '', search = ''): Route {
  if (pathname === SETTINGS_PATH) return { page: 'settings' }
  if (pathname === SEARCH_PATH) return { page: 'search', query: new URLSearchParams(search).get('q') ?? '' }
  if (pathname === LINK_PATH) return { page: 'link', sealed: hash.replace(/^#/, '') }
  const match = /^\/r\/([^/]+)\/?$/.exec(pathname)
  const roomId = match?.[1]
  if (!roomId || !isRoomId(roomId)) return { page: 'home' }
  const entryId = hash.replace(/^#/, '')
  return { page: 'room', roomId, entryId: ENTRY_ID.test(entryId) ? entryId : null }
}

export function roomPath(roomId: string, entryId?: string): string {
  return entryId ? `/r/${roomId}#${entryId}` : `/r/${roomId}`
}

export function searchPath(query: string): string {
  return query === '' ? SEARCH_PATH : `${SEARCH_PATH}?${new URLSearchParams({ q: query })}`
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (location.pathname + location.search + location.hash === path) return
  if (options.replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  dispatchEvent(new PopStateEvent('popstate'))
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.hash, location.search))
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.pathname, location.hash, location.search))
    addEventListener('popstate', onChange)
    addEventListener('hashchange', onChange)
    return () => {
      removeEventListener('popstate', onChange)
      removeEventListener('hashchange', onChange)
    }
  }, [])
  return route
}
