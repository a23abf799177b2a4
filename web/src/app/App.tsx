import { useEffect, useMemo } from 'react'
import { RoomPage } from '../chat/RoomPage'
import { roomIdentityOf } from '../chat/roomIdentity'
import { HomePage } from '../home/HomePage'
import type { IdentityManager } from '../identity/identity'
import { useIdentityManager, useIdentityState } from '../identity/useIdentity'
import { ReadStateProvider } from '../readState/ReadStateContext'
import { SearchPage } from '../search/SearchPage'
import { LinkPage } from '../settings/LinkPage'
import { SettingsPage } from '../settings/SettingsPage'
import { Welcome } from '../settings/Welcome'
import { navigate, useRoute } from './route'
import { Shell } from './Shell'
import { useRoomPool } from './useRoomPool'

/** Same-origin links navigate inside the app instead of reloading it. */
function useInternalLinks(): void {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
        return
      const anchor = (event.target as Element | null)?.closest?.('a')
      const href = anchor?.getAttribute('href')
      if (!anchor || !href?.startsWith('/') || anchor.target) return
      event.preventDefault()
      navigate(href)
    }
    document.addEventListener('click', onClick)
    return () => document.removeEventListener('click', onClick)
  }, [])
}

export function App() {
  const manager = useIdentityManager()
  if (manager === null) return <p className="loading">Opening Parley…</p>
  return <Pages manager={manager} />
}

function Pages({ manager }: { manager: IdentityManager }) {
  const state = useIdentityState(manager)
  const route = useRoute()
  useInternalLinks()
  const identity = state.status === 'ready' ? state.identity : null
  const key = identity?.key ?? null
  // One per identity: a profile change must not reopen the room.
  const roomIdentity = useMemo(() => (key === null ? null : roomIdentityOf(manager)), [manager, key])
  const name = identity?.profile.name ?? ''
  const color = identity?.profile.color ?? ''
  const me = useMemo(() => ({ id: key ?? '', name, color }), [key, name, color])
  const pool = useRoomPool(roomIdentity, me)
  if (route.page === 'link') return <LinkPage manager={manager} state={state} sealed={route.sealed} />
  if (state.status === 'loading') return <p className="loading">Opening Parley…</p>
  if (state.status === 'failed') {
    return (
      <main className="welcome">
        <p role="alert">This device’s identity could not be read: {state.error}</p>
      </main>
    )
  }
  if (identity === null || roomIdentity === null) return <Welcome manager={manager} />
  if (pool === null) return <p className="loading">Opening Parley…</p>
  return (
    <ReadStateProvider signer={roomIdentity.signer}>
      <Shell route={route} profile={identity.profile} me={me} pool={pool} identity={identity}>
        {(rooms) => {
          if (route.page === 'settings') return <SettingsPage manager={manager} identity={identity} />
          if (route.page === 'search') return <SearchPage query={route.query} />
          if (route.page === 'room') {
            return (
              <RoomPage
                key={route.roomId}
                roomId={route.roomId}
                pool={pool}
                me={me}
                focusEntryId={route.entryId}
              />
            )
          }
          return <HomePage profile={identity.profile} hasRooms={rooms.length > 0} />
        }}
      </Shell>
    </ReadStateProvider>
  )
}
