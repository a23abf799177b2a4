// What happens to one update a connection sent: applied now, waiting for what it depends on, a
// resend of what the room has, or refused with a reason. Pure: the room's state is passed in, and
// the room carries the decision out.
import {
  CLOSE_BAD_REQUEST,
  CLOSE_FORBIDDEN_UPDATE,
  CLOSE_MISSING_DEPENDENCY,
  CLOSE_TOO_LARGE,
  type Refusal,
  type RoomRulesView,
  type VerifyEd25519,
} from '@parley/protocol'
import type * as Y from 'yjs'
import { missingDependencies, type StateOf } from './dependencies.js'
import type { RejectReason } from './metrics.js'
import { dependsOnRefused, describeUpdate, itemRanges, type RefusedRanges } from './refusals.js'
import { checkUpdate, type RefusalKind, type UpdateLimits } from './rules.js'
import { type ClientKeys, checkSignatures, type SignedEntry } from './signatures.js'
import { checkWriters } from './writers.js'

export interface AdmissionContext {
  room: string
  limits: UpdateLimits
  stateOf: StateOf
  clientKeys: ClientKeys
  verify: VerifyEd25519
  /** What the relay refused from this connection for good. */
  refused: RefusedRanges
  /** Who may write: bans, members (roomRules in @parley/protocol). */
  rules: RoomRulesView
}

export type Admission =
  | { kind: 'apply'; fresh: Y.Item[]; entries: SignedEntry[] }
  | { kind: 'wait'; fresh: Y.Item[]; missing: Map<number, number> }
  | { kind: 'duplicate' }
  | {
      kind: 'refuse'
      metric: RejectReason
      refusal: Refusal
      /** A client id the sender wrote under that belongs to another key. */
      foreignClient: number | null
    }

const CLOSE_CODE: Record<RefusalKind, number> = {
  forbidden: CLOSE_FORBIDDEN_UPDATE,
  tooLarge: CLOSE_TOO_LARGE,
  malformed: CLOSE_BAD_REQUEST,
}
const REASON_PREFIX: Record<RefusalKind, string> = {
  forbidden: 'forbidden update',
  tooLarge: 'too large',
  malformed: 'bad request',
}

/** Structure first (cheap), then signatures and client ids, then dependencies. */
export function admitUpdate(update: Uint8Array, context: AdmissionContext): Admission {
  const { stateOf } = context
  const verdict = checkUpdate(update, context.limits)
  if (!verdict.ok) {
    const { kind, reason, offending } = verdict
    return refuse(kind, CLOSE_CODE[kind], `${REASON_PREFIX[kind]}: ${reason}`, {
      offending: offending === null ? [] : [offending],
      dropped: describeUpdate(update, stateOf),
    })
  }
  const signatures = checkSignatures(context.room, verdict.items, stateOf, context.clientKeys, context.verify)
  if (!signatures.ok) {
    const refused = refuse('forbidden', CLOSE_FORBIDDEN_UPDATE, signatures.reason, {
      offending: [signatures.offending],
      dropped: describeUpdate(update, stateOf),
    })
    return { ...refused, foreignClient: signatures.foreignClient }
  }
  const fresh = verdict.items.filter((item) => item.id.clock + item.length > stateOf(item.id.client))
  if (fresh.length === 0) return { kind: 'duplicate' }
  const { entries } = signatures
  const writers = checkWriters(
    context.room,
    update,
    entries,
    context.rules,
    context.rules.owners.length === 0,
  )
  if (writers !== null) {
    return refuse('forbidden', CLOSE_FORBIDDEN_UPDATE, writers.reason, {
      offending: [writers.entry.at],
      dropped: itemRanges(fresh),
    })
  }
  const missing = missingDependencies(verdict.items, verdict.skips, stateOf)
  if (missing.size === 0) return { kind: 'apply', fresh, entries }
  if (dependsOnRefused(missing, context.refused)) {
    return refuse(
      'missingDependency',
      CLOSE_MISSING_DEPENDENCY,
      'missing dependency: it depends on entries the relay refused',
      {
        offending: [],
        dropped: itemRanges(fresh),
      },
    )
  }
  return { kind: 'wait', fresh, missing }
}

function refuse(
  metric: RejectReason,
  code: number,
  reason: string,
  ranges: Pick<Refusal, 'offending' | 'dropped'>,
): Admission & { kind: 'refuse' } {
  return { kind: 'refuse', metric, refusal: { code, reason, ...ranges }, foreignClient: null }
}
