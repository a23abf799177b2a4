// A two-route router: `/` is home, `/r/<roomId>` is a room; `/r/<roomId>#<entryId>` also asks
// the room to show that message (search results, notifications).
import { useEffect, useState } from 'react'
import { isRoomId } from '../room'

export type Route = { page: 'home' } | { page: 'room'; roomId: string; entryId: string | null }

const ENTRY_ID = /^[A-Za-z0-9_-]{1,64}$/

export function parseRoute(pathname: string, hash = ''): Route {
  const match = /^\/r\/([^/]+)\/?$/.exec(pathname)
  const roomId = match?.[1]
  if (!roomId || !isRoomId(roomId)) return { page: 'home' }
  const entryId = hash.replace(/^#/, '')
  return { page: 'room', roomId, entryId: ENTRY_ID.test(entryId) ? entryId : null }
}

export function roomPath(roomId: string, entryId?: string): string {
  return entryId ? `/r/${roomId}#${entryId}` : `/r/${roomId}`
}

export function navigate(path: string): void {
  if (location.pathname + location.hash === path) return
  history.pushState(null, '', path)
  dispatchEvent(new PopStateEvent('popstate'))
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.pathname, location.hash))
    addEventListener('popstate', onChange)
    addEventListener('hashchange', onChange)
    return () => {
      removeEventListener('popstate', onChange)
      removeEventListener('hashchange', onChange)
    }
  }, [])
  return route
}
