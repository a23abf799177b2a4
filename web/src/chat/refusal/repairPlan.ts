// Which of the entries the relay has not stored a repair sets aside and which it sends again.
// Pure: the repair itself (repairRoom.ts) only carries the plan out.
import { checkEntrySize, type LoggedEntry, parseEntry } from '../../room'
import { type Refusal, refusalOf } from '../../sync'
import type { KeptEntry } from './refusedArchive'

/** The app's own words for an entry it would not have written itself (code null). */
export const NOT_AN_ENTRY = 'not an entry this app can read'

export interface RepairPlan {
  /** Refused for what they are: kept on this device, never sent again. */
  keep: KeptEntry[]
  /** Everything else the relay lacks, in log order: appended again to the rebuilt room. */
  resend: unknown[]
}

const NOTHING_STORED: ReadonlyMap<number, number> = new Map()

/**
 * Splits `unsent` (every log entry the relay has not stored, in log order). An entry is kept
 * aside when a permanent refusal names it as offending, or when it fails the app's own checks
 * (sending it again would only be refused again); the rest was refused for coming with or after
 * those, or was never sent, and goes again.
 */
export function planRepair(
  unsent: readonly LoggedEntry[],
  refusals: readonly Refusal[],
  now: number,
): RepairPlan {
  const plan: RepairPlan = { keep: [], resend: [] }
  for (const { logId, value } of unsent) {
    const match = refusalOf(refusals, logId, NOTHING_STORED)
    const ownProblem = parseEntry(value) === null ? NOT_AN_ENTRY : checkEntrySize(value)
    if (match?.offending) {
      plan.keep.push({ logId, value, code: match.refusal.code, reason: match.refusal.reason, keptAt: now })
    } else if (ownProblem !== null) {
      plan.keep.push({ logId, value, code: null, reason: ownProblem, keptAt: now })
    } else {
      plan.resend.push(value)
    }
  }
  return plan
}
