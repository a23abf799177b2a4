// A two-route router: `/` is home, `/r/<roomId>` is a room.
import { useEffect, useState } from 'react'
import { isRoomId } from '../room'

export type Route = { page: 'home' } | { page: 'room'; roomId: string }

export function parseRoute(pathname: string): Route {
  const match = /^\/r\/([^/]+)\/?$/.exec(pathname)
  const roomId = match?.[1]
  return roomId && isRoomId(roomId) ? { page: 'room', roomId } : { page: 'home' }
}

export function roomPath(roomId: string): string {
  return `/r/${roomId}`
}

export function navigate(path: string): void {
  if (location.pathname === path) return
  history.pushState(null, '', path)
  dispatchEvent(new PopStateEvent('popstate'))
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname))
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname))
    addEventListener('popstate', onPop)
    return () => removeEventListener('popstate', onPop)
  }, [])
  return route
}
