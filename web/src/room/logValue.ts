// What one value of the log is: a signed envelope (with the entry its body holds), a legacy
// unsigned entry from before signatures, a new-format entry someone left unsigned, or nothing
// this app reads. Says nothing about whether a signature verifies: that is the fold's job.
import { type Envelope, entryIdOf, parseEnvelope } from '@parley/protocol'
import { ENTRY_VERSION, type Entry, isRecord, parseBody, parseLegacyEntry } from './schema'

export type LogValue =
  /** `entry` is null when the body is malformed or of a type this app does not know. */
  | { kind: 'signed'; envelope: Envelope; entry: Entry | null }
  | { kind: 'legacy'; entry: Entry }
  /** A version-2 entry outside an envelope: ignored, and counted as unsigned. */
  | { kind: 'unsigned' }

/** Null for values that are none of these (ignored without a count, as unknown values always were). */
export function readLogValue(value: unknown): LogValue | null {
  const envelope = parseEnvelope(value)
  if (typeof envelope !== 'string') {
    return { kind: 'signed', envelope, entry: parseBody(envelope.body, entryIdOf(envelope), envelope.key) }
  }
  const legacy = parseLegacyEntry(value)
  if (legacy !== null) return { kind: 'legacy', entry: legacy }
  return isRecord(value) && value.v === ENTRY_VERSION ? { kind: 'unsigned' } : null
}
