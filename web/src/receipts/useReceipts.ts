// Read receipts for an open room: publishes this person's read position while they share
// receipts (and withdraws it when they stop), and says who has seen up to each message, among the
// people who share theirs, only when this person shares too.
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import type { RoomController } from '../chat/roomController'
import { lastReadId } from '../readState/unreadPosition'
import type { RoomSnapshot } from '../room'
import { useSharesReceipts } from './receiptSetting'

const NO_ONE = new Map<string, string[]>()

export function useReceipts(
  controller: Pick<RoomController, 'receipts' | 'publishReceipt'>,
  view: RoomSnapshot,
  myId: string,
  readUpTo: number,
): (entryId: string) => readonly string[] | undefined {
  const shares = useSharesReceipts()
  const viewRef = useRef(view)
  viewRef.current = view
  const shared = useRef(false)
  useEffect(() => {
    const { timeline, messageCount } = viewRef.current
    const last = lastReadId(timeline, readUpTo, messageCount)
    if (shares && readUpTo > 0) controller.publishReceipt({ count: readUpTo, last, on: true })
    else if (!shares && shared.current) controller.publishReceipt({ count: readUpTo, last, on: false })
    shared.current = shares && readUpTo > 0 ? true : shares ? shared.current : false
  }, [controller, shares, readUpTo])
  const { receipts } = controller
  const version = useSyncExternalStore(receipts.subscribe, receipts.version)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says when the receipts changed
  const seen = useMemo(() => (shares ? receipts.seenAt(myId) : NO_ONE), [receipts, version, shares, myId])
  const { people } = view
  return useCallback(
    (entryId: string) => seen.get(entryId)?.map((key) => people.get(key)?.name ?? 'someone'),
    [seen, people],
  )
}
