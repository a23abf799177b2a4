// Which link targets a message may carry. Everything else (javascript:, data:, vbscript:, file:,
// relative paths that would act inside the app) is shown as text, never as a link.

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

/** The normalised URL if `raw` is an absolute http(s) or mailto URL, else null. */
export function safeHref(raw: string): string | null {
  // URL() strips tabs and newlines inside the scheme ("java\tscript:"), so judge its result.
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return null
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return null
  if (url.protocol !== 'mailto:' && url.hostname === '') return null
  return url.href
}
