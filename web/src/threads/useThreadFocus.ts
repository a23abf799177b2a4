// A message to show (search hit, pinned list, notification: the URL's hash) that is a thread
// reply is not in the room's timeline: its thread opens at it instead.
import { useEffect, useRef } from 'react'
import type { ThreadView } from '../room'

/** The root id of the thread that `entryId` is a reply in, or null. */
export function threadOfReply(threads: ReadonlyMap<string, ThreadView>, entryId: string): string | null {
  for (const thread of threads.values())
    if (thread.replies.some((reply) => reply.entryId === entryId)) return thread.rootId
  return null
}

/** Opens the thread of reply `entryId` once, as soon as the reply is in the view. */
export function useThreadFocus(
  entryId: string | null | undefined,
  threads: ReadonlyMap<string, ThreadView>,
  open: (rootId: string, replyId: string) => void,
): void {
  const done = useRef<string | null>(null)
  useEffect(() => {
    if (!entryId || done.current === entryId) return
    const root = threadOfReply(threads, entryId)
    if (root === null) return
    done.current = entryId
    open(root, entryId)
  }, [entryId, threads, open])
}
