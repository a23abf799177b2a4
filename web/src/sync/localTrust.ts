// What this device's own storage says about a room's signatures, for the fold's `trust`: the
// verified record (valid below its vector, bad where it says) and the view cache (envelopes that
// were verified when this device first received them). This device's storage is trusted: anything
// able to write it can run script on the origin.
//
// The record is trusted only for the history read from IndexedDB: values with those ids that
// arrive later (from the relay, or after a crash between writing the history and the record) are
// checked like any other. The view cache is trusted by content (the same key, body and signature),
// so it holds wherever the envelope comes from.
import type { Envelope } from '@parley/protocol'
import { readLogValue, type Trust, type VerifiedState } from '../room'
import type { CachedView } from './viewCache'

export interface LocalTrust {
  trust: Trust
  /** The room's small values were read: trust what they say. */
  accept(records: { verified: VerifiedState | null; view: CachedView | null }): void
  /** The history is in the doc: the record stops applying. */
  historyLoaded(): void
}

export function createLocalTrust(): LocalTrust {
  let record: { vector: ReadonlyMap<number, number>; bad: Set<string> } | null = null
  const cached = new Map<string, Envelope>()
  const same = (a: Envelope | undefined, b: Envelope) =>
    a !== undefined && a.key === b.key && a.body === b.body
  return {
    trust(logId, envelope) {
      if (same(cached.get(envelope.sig), envelope)) return true
      if (record === null || logId.clock >= (record.vector.get(logId.client) ?? 0)) return null
      return !record.bad.has(`${logId.client}.${logId.clock}`)
    },
    accept({ verified, view }) {
      if (verified !== null) {
        const bad = new Set(verified.bad.map(({ client, clock }) => `${client}.${clock}`))
        record = { vector: verified.vector, bad }
      }
      for (const { value } of [
        ...(view?.pins ?? []),
        ...(view?.entries ?? []),
        ...(view?.window?.entries ?? []),
      ]) {
        const read = readLogValue(value)
        if (read?.kind === 'signed') cached.set(read.envelope.sig, read.envelope)
      }
    },
    historyLoaded() {
      record = null
    },
  }
}
