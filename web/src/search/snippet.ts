// The part of a message shown in a search result: a window around the first matching word, with
// the matches marked. Plain segments, rendered as text and <mark>.

export interface SnippetPart {
  text: string
  match: boolean
}

export const SNIPPET_CHARS = 140

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function snippet(text: string, terms: readonly string[], maxChars = SNIPPET_CHARS): SnippetPart[] {
  const flat = text.replace(/\s+/g, ' ').trim()
  const words = terms.filter((term) => term !== '').sort((a, b) => b.length - a.length)
  const pattern = words.length > 0 ? new RegExp(words.map(escapeRegExp).join('|'), 'giu') : null
  const first = pattern ? flat.search(pattern) : -1
  const start = first > maxChars / 3 ? flat.lastIndexOf(' ', first - Math.floor(maxChars / 3)) + 1 : 0
  let window = flat.slice(start, start + maxChars)
  if (start > 0) window = `…${window}`
  if (start + maxChars < flat.length) window = `${window}…`
  if (!pattern) return [{ text: window, match: false }]
  const parts: SnippetPart[] = []
  let last = 0
  for (const match of window.matchAll(pattern)) {
    const at = match.index ?? 0
    if (at > last) parts.push({ text: window.slice(last, at), match: false })
    parts.push({ text: match[0], match: true })
    last = at + match[0].length
  }
  if (last < window.length) parts.push({ text: window.slice(last), match: false })
  return parts
}
