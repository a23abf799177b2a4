// The frame of every page once a person has an identity: the sidebar of rooms beside the page
// (on a phone, one or the other: the list, then the room full screen), the quick switcher and
// the help sheet, and the keyboard shortcuts that open them or move between rooms.

import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react'
import { IncomingCalls } from '../calls/IncomingCalls'
import { DirectMessagesSection } from '../dm/DirectMessagesSection'
import { DirectMessagesContext, useDirectMessages } from '../dm/useDirectMessages'
import { useBackgroundSync } from '../home/useBackgroundSync'
import type { Identity } from '../identity/identity'
import type { LocalProfile } from '../identity/profile'
import { usePushSync } from '../push/usePushSync'
import { createRoomId } from '../room'
import { ShortcutHelp } from '../shortcuts/ShortcutHelp'
import { useShortcuts } from '../shortcuts/useShortcuts'
import { neighbourRoom } from '../sidebar/matchRooms'
import { Sidebar } from '../sidebar/Sidebar'
import { QuickSwitcher } from '../switcher/QuickSwitcher'
import { byActivity, loadRooms, type RoomSummary, subscribeRooms } from './roomIndex'
import type { Reader } from './roomWatcher'
import { navigate, type Route, roomPath } from './route'
import { type ControllerPool, useFirstRoomLoaded, useOpenRoomIds } from './useRoomPool'
import './shell.css'

interface ShellProps {
  route: Route
  profile: LocalProfile
  me: Reader
  pool: ControllerPool
  identity: Identity
  /** The page beside the sidebar, given the rooms in sidebar order. */
  children(rooms: readonly RoomSummary[]): ReactNode
}

const NO_ROOMS: readonly RoomSummary[] = []

/** The rooms of the sidebar, kept current as this tab, other tabs and background syncing change them. */
function useRooms(): readonly RoomSummary[] {
  const [rooms, setRooms] = useState(loadRooms)
  useEffect(() => subscribeRooms(() => setRooms(loadRooms())), [])
  return rooms
}

/** On a phone the list and the page take turns: which one this route shows. */
function viewOf(route: Route): 'list' | 'room' | 'page' {
  if (route.page === 'home') return 'list'
  return route.page === 'room' ? 'room' : 'page'
}

export function Shell({ route, profile, me, pool, identity, children }: ShellProps) {
  const stored = useRooms()
  const dm = useDirectMessages(identity)
  // Direct messages are listed under "Direct messages", by person, not among the rooms.
  const rooms = useMemo(() => byActivity(stored.filter((room) => !dm.rooms.has(room.id))), [stored, dm.rooms])
  const [dialog, setDialog] = useState<'switcher' | 'help' | null>(null)
  const currentRoomId = route.page === 'room' ? route.roomId : null
  const openIds = useOpenRoomIds(pool)
  usePushSync(stored, me)
  useBackgroundSync(useFirstRoomLoaded(pool, currentRoomId) ? stored : NO_ROOMS, me, openIds)
  const closeDialog = useCallback(() => setDialog(null), [])
  useShortcuts((action) => {
    if (action === 'switcher' || action === 'help') setDialog(action)
    else {
      const next = neighbourRoom(rooms, currentRoomId, action === 'nextRoom' ? 1 : -1)
      if (next) navigate(roomPath(next.id))
    }
  })
  return (
    <DirectMessagesContext value={dm}>
      <div className="shell" data-view={viewOf(route)}>
        <Sidebar
          rooms={rooms}
          currentRoomId={currentRoomId}
          settingsShown={route.page === 'settings'}
          profile={profile}
          onNewRoom={() => navigate(roomPath(createRoomId()))}
          onShowShortcuts={() => setDialog('help')}
          directMessages={<DirectMessagesSection dm={dm} currentRoomId={currentRoomId} />}
        />
        <div className="pane">
          <IncomingCalls contacts={dm.contacts} currentRoomId={currentRoomId} />
          {children(rooms)}
        </div>
        {dialog === 'switcher' ? (
          <QuickSwitcher
            rooms={rooms}
            onChoose={(roomId) => {
              setDialog(null)
              navigate(roomPath(roomId))
            }}
            onClose={closeDialog}
          />
        ) : null}
        {dialog === 'help' ? <ShortcutHelp onClose={closeDialog} /> : null}
      </div>
    </DirectMessagesContext>
  )
}
