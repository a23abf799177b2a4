// A room opened with its fold: the connection (openRoom.ts), the fold that verifies every entry
// (room/fold.ts) trusting what this device's storage says it verified before (localTrust.ts), and
// the two records kept for the next opening: the view cache and the verified state. The open room
// (chat/roomController.ts) and the home page's background sync (app/roomWatcher.ts) both use it.
import type { VerifyEd25519 } from '@parley/protocol'
import { createFold, type LogId, type RoomFold } from '../room'
import { createLocalTrust } from './localTrust'
import { type LocalRecords, type OpenRoomOptions, openRoom, type RoomConnection } from './openRoom'
import { VIEW_KEY } from './roomStore'
import { keepVerified } from './verifiedSaver'
import type { CachedView } from './viewCache'
import { createViewCacheWriter, type ViewCacheWriter } from './viewCacheWriter'

export interface FoldedRoomOptions extends Omit<OpenRoomOptions, 'beforeHistory'> {
  verify: VerifyEd25519
  /** See OpenRoomOptions.beforeHistory: called with the view cache (null if none) to show a preview. */
  beforeHistory?(cached: CachedView | null): Promise<void> | undefined
  /** Ids of older log entries the view cache should keep besides the newest (e.g. the title). */
  viewCachePins?(): readonly LogId[]
  /** The person's read count here (their first unread message's place), for the view cache. */
  firstUnread?(): number | null
}

export interface FoldedRoom {
  connection: RoomConnection
  fold: RoomFold
  /** Resolves once the room's local database is closed too. */
  close(): Promise<void>
}

export function openFoldedRoom(roomId: string, options: FoldedRoomOptions): FoldedRoom {
  const { verify, beforeHistory, viewCachePins, firstUnread, ...openOptions } = options
  const local = createLocalTrust()
  let records: LocalRecords | null = null
  const connection = openRoom(roomId, {
    ...openOptions,
    beforeHistory(read) {
      records = read
      local.accept(read)
      return beforeHistory?.(read.view)
    },
  })
  const fold = createFold(connection.doc, { room: roomId, verify, trust: local.trust })
  const unsubscribeLoaded = connection.subscribe(() => {
    if (connection.getState().loaded) local.historyLoaded()
  })
  const verified = keepVerified(fold, connection)
  let viewCache: ViewCacheWriter | null = null
  let closed = false
  void connection.whenLocalHistory.then(() => {
    if (closed) return
    viewCache = createViewCacheWriter(fold, {
      pins: viewCachePins ?? (() => []),
      ...(firstUnread ? { firstUnread } : {}),
      save: (text) => connection.saveLocal(VIEW_KEY, text),
      stored: records?.viewText ?? null,
    })
  })
  const flush = () => {
    viewCache?.flush()
    verified.flush()
  }
  globalThis.addEventListener?.('pagehide', flush)
  return {
    connection,
    fold,
    close() {
      closed = true
      globalThis.removeEventListener?.('pagehide', flush)
      flush()
      viewCache?.close()
      verified.close()
      unsubscribeLoaded()
      fold.close()
      return connection.close()
    },
  }
}
