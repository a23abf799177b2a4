// What a refusal means for the person, in words: the note on a refused message, the banner's
// heading and reasons. Pure, so every wording is tested alone.
import {
  CLOSE_BAD_REQUEST,
  CLOSE_FORBIDDEN_UPDATE,
  CLOSE_MISSING_DEPENDENCY,
  CLOSE_TOO_LARGE,
} from '@parley/protocol'
import { readLogValue } from '../../room'

/** The relay's reason starts with a code word ("too large: entry of …"); these say it plainly. */
const LABELS: ReadonlyMap<number, string> = new Map([
  [CLOSE_BAD_REQUEST, 'malformed'],
  [CLOSE_FORBIDDEN_UPDATE, 'not allowed'],
  [CLOSE_TOO_LARGE, 'too large'],
  [CLOSE_MISSING_DEPENDENCY, 'missing earlier entries'],
])

/** What a message refused only for coming with or after a refused entry says. */
export const REFUSED_AFTER_ANOTHER = 'it was sent with or after a message the relay refused'
/** What the composer says while this device has refused entries in the room. */
export const REPAIR_BEFORE_SENDING =
  'This device must repair the room before it can send here: the relay would refuse anything it ' +
  'writes after the refused messages. Use “Repair this room” above.'

/** 5123 → 5,123: numbers of four digits or more, grouped the way people read them. */
function groupDigits(text: string): string {
  return text.replace(/\d{4,}/g, (digits) => Number(digits).toLocaleString('en'))
}

/**
 * Why, in words: "too large (entry of 5,123 bytes over 2,048)". `code` is null for entries the app
 * set aside itself, whose `reason` is already in words.
 */
export function describeRefusal(code: number | null, reason: string): string {
  if (code === null) return reason
  const colon = reason.indexOf(': ')
  const word = colon >= 0 ? reason.slice(0, colon) : ''
  const detail = (colon >= 0 ? reason.slice(colon + 2) : reason).trim()
  const label = LABELS.get(code) ?? (word || 'refused')
  return detail === '' || detail === label ? label : `${label} (${groupDigits(detail)})`
}

export interface RefusalFacts {
  code: number
  reason: string
  /** The entry itself broke the relay's rule (rather than coming with or after one that did). */
  offending: boolean
}

/** Why this entry in particular was refused. */
export function entryRefusalReason(facts: RefusalFacts): string {
  if (facts.offending || facts.code === CLOSE_MISSING_DEPENDENCY)
    return describeRefusal(facts.code, facts.reason)
  return REFUSED_AFTER_ANOTHER
}

/** The note a refused message of one's own carries, visibly and for screen readers. */
export function refusedNote(facts: RefusalFacts): string {
  return `Not sent: the relay refused it — ${entryRefusalReason(facts)}`
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`
}

export interface BannerText {
  heading: string
  /** Distinct reasons, the ones that name what was wrong first. */
  reasons: string[]
}

/** The banner's words for `entries` (each as the log holds it, with why it was refused). */
export function bannerText(
  entries: readonly (RefusalFacts & { value: unknown })[],
  myId: string,
): BannerText {
  const mine = entries.filter((entry) => {
    const read = readLogValue(entry.value)
    return read?.kind === 'signed' && read.entry?.type === 'message' && read.envelope.key === myId
  }).length
  const heading =
    mine > 0
      ? `The relay refused ${mine.toLocaleString('en')} of your messages`
      : `The relay refused ${plural(entries.length, 'entry', 'entries')} from this device`
  const offending = entries.filter((entry) => entry.offending)
  const reasons = new Set((offending.length > 0 ? offending : entries).map(entryRefusalReason))
  return { heading, reasons: [...reasons] }
}

/** Characters of a kept entry shown when it is not a message (its JSON). */
const RAW_PREVIEW_CHARS = 300

/** What a kept entry says, for the list of kept entries: a message's text, else what it was. */
export function entryText(value: unknown): string {
  const read = readLogValue(value)
  const entry = read?.kind === 'unsigned' ? null : read?.entry
  switch (entry?.type) {
    case 'message':
      return entry.text || 'A message with attachments'
    case 'edit':
      return `Edit: ${entry.text}`
    case 'title':
      return `Room title: ${entry.title}`
    case 'topic':
      return `Room topic: ${entry.topic}`
    case 'reaction':
      return `Reaction ${entry.emoji}`
    case 'retract':
      return 'Removal of a message'
    case 'join':
      return 'Joined the room'
    case 'profile':
      return `Profile: ${entry.name}`
    default: {
      const json = JSON.stringify(value) ?? String(value)
      return json.length > RAW_PREVIEW_CHARS ? `${json.slice(0, RAW_PREVIEW_CHARS)}…` : json
    }
  }
}
