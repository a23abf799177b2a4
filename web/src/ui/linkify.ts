// Splits message text into plain text and http(s) links. Rendering stays text-only: a segment is
// either shown as a text node or as an <a> whose href is a URL this parser accepted.

export type Segment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string }

const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"']+/gi
/** Punctuation that usually ends the sentence, not the URL. */
const TRAILING = /[.,;:!?)\]}'"]+$/

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

export function linkify(text: string): Segment[] {
  const segments: Segment[] = []
  let last = 0
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const raw = match[0].replace(TRAILING, '')
    const href = safeHref(raw)
    const start = match.index ?? 0
    if (href === null || raw.length === 0) continue
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) })
    segments.push({ kind: 'link', text: raw, href })
    last = start + raw.length
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) })
  return segments
}
