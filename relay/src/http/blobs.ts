// Attachments under /blobs/: PUT stores bytes whose SHA-256 must equal the path (blobUpload.ts has
// every limit); GET and HEAD serve them, streamed from the store, with headers that keep them
// inert. Raster images are shown inline; everything else downloads.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { isInlineImageType } from '@parley/protocol'
import type { BlobStore } from '../store/types.js'
import { type BlobUploadOptions, createBlobUpload } from './blobUpload.js'
import { replyText as reply } from './textReply.js'

export {
  type BlobLimits,
  type BlobResult,
  type BlobUsageReport,
  DEFAULT_BLOB_LIMITS,
} from './blobUpload.js'

export const BLOB_PATH_PREFIX = '/blobs/'
const BLOB_PATH = /^\/blobs\/([0-9a-f]{64})$/
const MAX_FILENAME_CHARS = 200
const IMMUTABLE = 'public, max-age=31536000, immutable'

export interface BlobRoutesOptions extends BlobUploadOptions {
  /** Why an upload may not happen (a relay closed to strangers needs a token), or null. */
  authorizeUpload?(req: IncomingMessage): Promise<string | null>
}

/** Handles every request under /blobs/. */
export function createBlobRoutes(options: BlobRoutesOptions) {
  const upload = createBlobUpload(options)
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://relay')
    const hash = BLOB_PATH.exec(url.pathname)?.[1]
    if (hash === undefined) {
      options.onUpload?.('badPath', 0)
      const message = 'bad blob path: expected /blobs/<64 lowercase hex digits of SHA-256>'
      return reply(res, 400, message, !req.complete)
    }
    if (req.method === 'PUT') {
      const refused = (await options.authorizeUpload?.(req)) ?? null
      if (refused === null) return upload(req, res, hash)
      options.onUpload?.('unauthorized', 0)
      res.setHeader('WWW-Authenticate', 'Bearer')
      return reply(res, 401, `unauthorized: ${refused}`, !req.complete)
    }
    if (req.method === 'GET' || req.method === 'HEAD') return download(req, res, hash, url, options.store)
    res.setHeader('Allow', 'GET, HEAD, PUT')
    return reply(res, 405, 'method not allowed', !req.complete)
  }
}

async function download(req: IncomingMessage, res: ServerResponse, hash: string, url: URL, store: BlobStore) {
  if (req.headers['if-none-match'] === `"${hash}"`) {
    res.writeHead(304, { ETag: `"${hash}"`, 'Cache-Control': IMMUTABLE })
    return void res.end()
  }
  const blob = await store.openBlob(hash)
  if (blob === null) return reply(res, 404, 'no such blob')
  const inline = isInlineImageType(blob.type)
  const filename = safeFilename(url.searchParams.get('name') ?? hash)
  res.writeHead(200, {
    'Content-Type': inline ? blob.type : 'application/octet-stream',
    'Content-Length': blob.size,
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': IMMUTABLE,
    ETag: `"${hash}"`,
  })
  if (req.method === 'HEAD') return void res.end()
  await pipeline(blob.stream(), res)
}

/** A download name with no path, quotes or control characters. */
export function safeFilename(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const cleaned = name.replace(/[\u0000-\u001f\u007f"\\/]/g, '_').replace(/^\.+/, '_')
  return cleaned.slice(0, MAX_FILENAME_CHARS) || 'attachment'
}
