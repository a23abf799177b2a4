// Builds the index for a search scope when the panel opens and answers queries from it.
import { useEffect, useMemo, useRef, useState } from 'react'
import {
  addRoomExtras,
  createExtras,
  type Extras,
  type FileDoc,
  findFiles,
  findPeople,
  type PersonDoc,
} from './extras'
import { indexAllRooms, type OpenRoomView, type RoomLabel } from './loadRooms'
import { createSearchIndex, docsFromTimeline, type SearchHit, type SearchIndex } from './searchIndex'

export type Scope = 'room' | 'all'

export interface SearchState {
  hits: readonly SearchHit[]
  files: readonly FileDoc[]
  people: readonly PersonDoc[]
  labels: ReadonlyMap<string, RoomLabel>
  /** Rooms indexed so far and in all; equal once ready. */
  progress: { done: number; total: number }
  ready: boolean
}

interface Built {
  index: SearchIndex
  extras: Extras
  labels: Map<string, RoomLabel>
}

function useIndex(scope: Scope, open: OpenRoomView | null) {
  const [built, setBuilt] = useState<Built | null>(null)
  const [progress, setProgress] = useState({ done: 0, total: 1 })
  // Read when the index is built, not tracked: a new message must not rebuild the index.
  const openRef = useRef(open)
  openRef.current = open
  const roomId = open?.roomId ?? null
  // The current room is indexed from its live view once per opening of the panel; "all rooms"
  // reads every room's history from IndexedDB.
  useEffect(() => {
    let cancelled = false
    const open = roomId === null ? null : openRef.current
    const index = createSearchIndex()
    const extras = createExtras()
    setBuilt(null)
    if (scope === 'room' && open) {
      index.add(docsFromTimeline(open.roomId, open.timeline, open.threads))
      addRoomExtras(extras, open.roomId, { threads: new Map(), people: new Map(), ...open })
      setBuilt({ index, extras, labels: new Map([[open.roomId, { id: open.roomId, title: open.title }]]) })
      setProgress({ done: 1, total: 1 })
      return
    }
    const report = (done: number, total: number) => !cancelled && setProgress({ done, total })
    void indexAllRooms(index, open, report, extras).then((labels) => {
      if (!cancelled) setBuilt({ index, extras, labels })
    })
    return () => {
      cancelled = true
    }
  }, [scope, roomId])
  return { built, progress }
}

export function useSearch(query: string, scope: Scope, open: OpenRoomView | null): SearchState {
  const { built, progress } = useIndex(scope, open)
  const roomId = open?.roomId
  const found = useMemo(() => {
    if (!built) return { hits: [], files: [], people: [] }
    const only = scope === 'room' && roomId ? roomId : undefined
    return {
      hits: built.index.search(query, only ? { roomId: only } : {}),
      files: findFiles(built.extras, query, only),
      people: findPeople(built.extras, query, only),
    }
  }, [built, query, scope, roomId])
  return { ...found, labels: built?.labels ?? new Map(), progress, ready: built !== null }
}
