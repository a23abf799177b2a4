// What the room shows about refused entries, as plain data and intents: the banner's words, the
// composer's explanation, the entries kept on this device, Export and Repair.
import { useCallback, useMemo, useState } from 'react'
import { downloadText } from '../../ui/download'
import type { RoomController } from '../roomController'
import { useConnection, useRefused } from '../useRoom'
import { exportFileName, exportRefused } from './exportRefused'
import { type BannerText, bannerText, REPAIR_BEFORE_SENDING } from './refusalText'
import { type KeptEntry, loadArchive } from './refusedArchive'
import { REPAIR_NEEDS_RELAY, canRepair as repairPossible } from './repairRoom'

/** `repairing` until the old copy is gone; `waiting` while another tab keeps it open. */
export type RepairPhase = 'idle' | 'repairing' | 'waiting'

export interface Refusals {
  /** Null when nothing of this device's is refused. */
  banner: BannerText | null
  /** Why the composer cannot send, or null. */
  blocked: string | null
  kept: readonly KeptEntry[]
  phase: RepairPhase
  /** Why Repair cannot run now or why the last one did not start; null when it can. */
  problem: string | null
  /** A repair may start now (see repairRoom.ts `canRepair`). */
  canRepair: boolean
  exportFile(): void
  repair(): void
}

/** `reopen` opens the room afresh once a repair has deleted its local copy. */
export function useRefusals(controller: RoomController, myId: string, reopen: () => void): Refusals {
  const refused = useRefused(controller)
  const canRepair = repairPossible(useConnection(controller))
  const { roomId } = controller
  // Read once per opening: only a repair changes it, and the room is opened again after one.
  const [kept] = useState(() => loadArchive(roomId).kept)
  const [phase, setPhase] = useState<RepairPhase>('idle')
  const [problem, setProblem] = useState<string | null>(null)
  const banner = useMemo(() => (refused.length > 0 ? bannerText(refused, myId) : null), [refused, myId])
  const exportFile = useCallback(() => {
    const now = Date.now()
    downloadText(exportFileName(roomId, now), exportRefused(roomId, refused, kept, now))
  }, [roomId, refused, kept])
  const repair = useCallback(() => {
    setPhase('repairing')
    setProblem(null)
    void controller.repair({ onBlocked: () => setPhase('waiting') }).then(
      (why) => {
        if (why === null) {
          reopen()
          return
        }
        setProblem(why)
        setPhase('idle')
      },
      // Whatever went wrong, opening the room again is safe: what a repair wrote down is appended
      // only where the log lacks it, and anything still refused shows again.
      reopen,
    )
  }, [controller, reopen])
  return {
    banner,
    blocked: refused.length > 0 ? REPAIR_BEFORE_SENDING : null,
    kept,
    phase,
    problem: problem ?? (canRepair ? null : REPAIR_NEEDS_RELAY),
    canRepair,
    exportFile,
    repair,
  }
}
