// The person's read state for the whole app: opened once per identity, shared by every page.
import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from 'react'
import type { Signer } from '../identity/signer'
import { mirrorReadState } from './mirror'
import type { ReadPosition } from './readEntries'
import { openReadState, type ReadState } from './readState'

const ReadStateContext = createContext<ReadState | null>(null)

/** Opens `signer`'s read state while mounted (null while it opens, or without an identity). */
export function ReadStateProvider({ signer, children }: { signer: Signer | null; children: ReactNode }) {
  const [state, setState] = useState<ReadState | null>(null)
  useEffect(() => {
    if (signer === null) return
    let closed = false
    let opened: ReadState | null = null
    let stopMirror = () => {}
    void openReadState(signer).then(async (readState) => {
      if (closed) return readState.close()
      opened = readState
      await readState.whenLoaded
      if (closed) return
      stopMirror = mirrorReadState(readState)
      setState(readState)
    })
    return () => {
      closed = true
      stopMirror()
      opened?.close()
      setState(null)
    }
  }, [signer])
  return <ReadStateContext value={state}>{children}</ReadStateContext>
}

/** The read state, once its local copy is read; null before. */
export function useReadState(): ReadState | null {
  return useContext(ReadStateContext)
}

const NO_STATE = () => () => {}

/**
 * This person's read position in `room` (or one of its threads), on any device: undefined when
 * they never read it anywhere, null while the read state opens.
 */
export function useReadPosition(room: string, thread?: string): ReadPosition | undefined | null {
  const state = useReadState()
  return useSyncExternalStore(state?.subscribe ?? NO_STATE, () =>
    state === null ? null : state.get(room, thread),
  )
}
