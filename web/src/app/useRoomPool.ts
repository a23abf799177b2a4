import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { createRoomController, type RoomController } from '../chat/roomController'
import type { RoomIdentity } from '../chat/roomIdentity'
import { createRoomPool, type RoomPool } from './roomPool'
import { publishSummary, type Reader } from './roomWatcher'

export type ControllerPool = RoomPool<RoomController>

const NONE: ReadonlySet<string> = new Set()

/**
 * The rooms open in this tab for `identity` (see roomPool.ts); null without one. Made while
 * rendering, so the first room starts opening in the first commit (opening it is what the first
 * paint waits for); closing it leaves it usable, as React's development double mount needs.
 */
export function useRoomPool(identity: RoomIdentity | null, me: Reader): ControllerPool | null {
  // Read when a room is hidden: the name that mentions are counted for may have changed since.
  const reader = useRef(me)
  reader.current = me
  const pool = useMemo(
    () =>
      identity === null
        ? null
        : createRoomPool<RoomController>({
            open: (roomId) => createRoomController(roomId, identity),
            watchHidden: (roomId, room) =>
              publishSummary(
                roomId,
                {
                  getView: room.getView,
                  subscribeView: room.subscribeView,
                  getState: room.getState,
                  subscribeState: room.subscribeState,
                },
                reader.current,
              ),
          }),
    [identity],
  )
  useEffect(() => () => pool?.close(), [pool])
  return pool
}

/** Ids of the rooms open in this tab. */
export function useOpenRoomIds(pool: ControllerPool | null): ReadonlySet<string> {
  return useSyncExternalStore(pool?.subscribe ?? noSubscription, pool?.openIds ?? (() => NONE))
}

function noSubscription(): () => void {
  return () => {}
}

/**
 * False until the room shown at first has its history loaded (true at once without one), then
 * true for good: syncing other rooms in the background must not compete with the first paint.
 */
export function useFirstRoomLoaded(pool: ControllerPool, roomId: string | null): boolean {
  const [loaded, setLoaded] = useState(roomId === null)
  useEffect(() => {
    if (loaded) return
    if (roomId === null) {
      setLoaded(true)
      return
    }
    // Follows the room once the pool has it (re-subscribing from inside a listener would make the
    // store call the new listener in the same round, forever).
    let followed: RoomController | null = null
    let unsubscribeState = () => {}
    const check = () => {
      const room = pool.peek(roomId)
      if (room?.getState().loaded) setLoaded(true)
      else if (room && room !== followed) {
        unsubscribeState()
        followed = room
        unsubscribeState = room.subscribeState(check)
      }
    }
    const unsubscribePool = pool.subscribe(check)
    check()
    return () => {
      unsubscribePool()
      unsubscribeState()
    }
  }, [pool, roomId, loaded])
  return loaded
}
