// `@name` mentions. Nothing in the log marks a mention: a message mentions a member when its text
// has `@` + that member's name, not preceded or followed by a letter, digit or `_`.

export interface MentionContext {
  /** Names that can be mentioned (the room's members), longest first so "Al Bo" wins over "Al". */
  names: readonly string[]
  /** My own name, whose mentions are highlighted; '' when I am not a member yet. */
  me: string
  pattern: RegExp | null
}

const WORD = '[\\p{L}\\p{N}_]'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function mentionPattern(names: readonly string[]): RegExp | null {
  if (names.length === 0) return null
  const alternatives = names.map(escapeRegExp).join('|')
  return new RegExp(`(?<!${WORD})@(${alternatives})(?!${WORD})`, 'giu')
}

export function createMentionContext(names: Iterable<string>, me: string): MentionContext {
  const unique = [...new Set([...names, me].filter((name) => name !== ''))]
  unique.sort((a, b) => b.length - a.length)
  return { names: unique, me, pattern: mentionPattern(unique) }
}

export type MentionSegment = { kind: 'text'; text: string } | { kind: 'mention'; name: string; me: boolean }

/** Splits `text` into plain text and mentions of known names. */
export function splitMentions(text: string, context: MentionContext | null): MentionSegment[] {
  const pattern = context?.pattern
  if (!pattern || !text.includes('@')) return [{ kind: 'text', text }]
  const segments: MentionSegment[] = []
  let last = 0
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0
    const name = match[1] ?? ''
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) })
    const me = context.me !== '' && name.toLowerCase() === context.me.toLowerCase()
    segments.push({ kind: 'mention', name, me })
    last = start + match[0].length
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) })
  return segments
}

/** Whether `text` mentions `name` (used for counts and notifications; cheap, no Markdown parse). */
export function mentions(text: string, name: string): boolean {
  if (name === '' || !text.includes('@')) return false
  return mentionPattern([name])?.test(text) ?? false
}

/** The `@query` being typed just before `caret`, for completion; null when there is none. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret)
  const at = before.lastIndexOf('@')
  if (at < 0) return null
  if (at > 0 && new RegExp(WORD, 'u').test(before[at - 1] ?? '')) return null
  const query = before.slice(at + 1)
  // Names may contain one space ("Ada Lovelace"), never a line break; stop looking past 32 chars.
  if (query.length > 32 || /\n/.test(query) || /\s\S*\s/.test(query)) return null
  return { start: at, query }
}

/** Names starting with (or else containing) `query`, case-insensitive, at most `limit`. */
export function matchNames(names: Iterable<string>, query: string, limit = 8): string[] {
  const q = query.toLowerCase()
  const all = [...new Set(names)]
  const starts = all.filter((name) => name.toLowerCase().startsWith(q))
  const contains = all.filter((name) => !name.toLowerCase().startsWith(q) && name.toLowerCase().includes(q))
  return [...starts.sort((a, b) => a.localeCompare(b)), ...contains].slice(0, limit)
}
