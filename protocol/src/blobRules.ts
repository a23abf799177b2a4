// What the blob API accepts and how it serves it. Pure, so the web app checks an attachment with
// the relay's own rules before uploading (both import it from `@parley/protocol`).

export const DEFAULT_MAX_BLOB_BYTES = 10 * 1024 * 1024

/** A blob's address: the lowercase hex SHA-256 of its bytes. */
export const BLOB_HASH = /^[0-9a-f]{64}$/

const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/
const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'])
/** Types a browser could run as a document; refused even though they would be served as downloads. */
const ACTIVE_TYPES = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/javascript',
  'application/javascript',
  'application/x-javascript',
  'text/xml',
  'application/xml',
])

/** True for a well-formed MIME type (lowercase, no parameters) that is not active content. */
export function isAcceptedBlobType(type: string): boolean {
  return MIME_TYPE.test(type) && !ACTIVE_TYPES.has(type)
}

/** Raster images are shown inline; everything else is served as a download. */
export function isInlineImageType(type: string): boolean {
  return INLINE_IMAGE_TYPES.has(type)
}
