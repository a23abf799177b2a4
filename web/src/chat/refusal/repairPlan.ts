// Which of the entries the relay has not stored a repair sets aside and which it sends again.
// Pure: the repair itself (repairRoom.ts) only carries the plan out.
import { checkEntrySize, type LoggedEntry, readLogValue } from '../../room'
import { type Refusal, refusalOf } from '../../sync'
import type { KeptEntry } from './refusedArchive'

/** The app's own words for an entry it would not have written itself (code null). */
export const NOT_AN_ENTRY = 'not an entry this app can read'
/**
 * Entries this identity did not sign cannot be sent from this device: the relay binds a Yjs client
 * id to the first key that writes under it, and takes no unsigned entries any more.
 */
export const NOT_SIGNED_HERE = 'not signed by your identity on this device'

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
 * (sending it again would only be refused again, or it is not signed by `key`); the rest was
 * refused for coming with or after those, or was never sent, and goes again: the same signed
 * envelopes, which verify again in the rebuilt room.
 */
export function planRepair(
  unsent: readonly LoggedEntry[],
  refusals: readonly Refusal[],
  now: number,
  key: string,
): RepairPlan {
  const plan: RepairPlan = { keep: [], resend: [] }
  for (const { logId, value } of unsent) {
    const match = refusalOf(refusals, logId, NOTHING_STORED)
    const ownProblem = problemOf(value, key)
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

function problemOf(value: unknown, key: string): string | null {
  const read = readLogValue(value)
  if (read?.kind !== 'signed' || read.entry === null) return read === null ? NOT_AN_ENTRY : NOT_SIGNED_HERE
  if (read.envelope.key !== key) return NOT_SIGNED_HERE
  return checkEntrySize(value)
}
