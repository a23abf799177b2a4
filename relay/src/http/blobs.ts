// Attachments: PUT /blobs/<sha256> stores bytes whose SHA-256 must equal the path; GET serves them
// with headers that keep them inert. Raster images are shown inline; everything else downloads.
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isAcceptedBlobType, isInlineImageType } from '@parley/protocol'
import type { BlobStore } from '../store/types.js'

export const BLOB_PATH_PREFIX = '/blobs/'
const BLOB_PATH = /^\/blobs\/([0-9a-f]{64})$/
const MAX_FILENAME_CHARS = 200
const IMMUTABLE = 'public, max-age=31536000, immutable'

export interface BlobLimits {
  maxBlobBytes: number
}

export type BlobResult = 'stored' | 'existing' | 'tooLarge' | 'badHash' | 'badType' | 'badPath'

export interface BlobRoutesOptions {
  store: BlobStore
  limits: BlobLimits
  onUpload?(result: BlobResult, bytes: number): void
}

/** Handles every request under /blobs/. */
export function createBlobRoutes(options: BlobRoutesOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://relay')
    const hash = BLOB_PATH.exec(url.pathname)?.[1]
    if (hash === undefined) {
      options.onUpload?.('badPath', 0)
      return reply(res, 400, 'bad blob path: expected /blobs/<64 lowercase hex digits of SHA-256>')
    }
    if (req.method === 'PUT') return upload(req, res, hash, options)
    if (req.method === 'GET' || req.method === 'HEAD') return download(req, res, hash, url, options.store)
    res.setHeader('Allow', 'GET, HEAD, PUT')
    return reply(res, 405, 'method not allowed')
  }
}

async function upload(req: IncomingMessage, res: ServerResponse, hash: string, options: BlobRoutesOptions) {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!isAcceptedBlobType(type)) {
    options.onUpload?.('badType', 0)
    req.resume()
    return reply(res, 415, `unsupported attachment type "${type.slice(0, 100)}"`)
  }
  const declared = Number(req.headers['content-length'] ?? Number.NaN)
  if (declared > options.limits.maxBlobBytes) {
    options.onUpload?.('tooLarge', 0)
    req.resume()
    return reply(res, 413, `attachment over ${options.limits.maxBlobBytes} bytes`)
  }
  if (await options.store.hasBlob(hash)) {
    options.onUpload?.('existing', 0)
    req.resume()
    return reply(res, 200, 'already stored')
  }
  const body = await readBody(req, options.limits.maxBlobBytes)
  if (body === null) {
    options.onUpload?.('tooLarge', 0)
    return reply(res, 413, `attachment over ${options.limits.maxBlobBytes} bytes`, true)
  }
  const actual = createHash('sha256').update(body).digest('hex')
  if (actual !== hash) {
    options.onUpload?.('badHash', body.byteLength)
    return reply(res, 400, `hash mismatch: the body's SHA-256 is ${actual}`)
  }
  await options.store.putBlob(hash, { type, data: body })
  options.onUpload?.('stored', body.byteLength)
  return reply(res, 201, 'stored')
}

/** The whole body, or null as soon as it grows past `maxBytes` (the rest is not read). */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength
    if (size > maxBytes) return null
    chunks.push(chunk)
  }
  return new Uint8Array(Buffer.concat(chunks))
}

async function download(req: IncomingMessage, res: ServerResponse, hash: string, url: URL, store: BlobStore) {
  if (req.headers['if-none-match'] === `"${hash}"`) {
    res.writeHead(304, { ETag: `"${hash}"`, 'Cache-Control': IMMUTABLE })
    return void res.end()
  }
  const blob = await store.getBlob(hash)
  if (blob === null) return reply(res, 404, 'no such blob')
  const inline = isInlineImageType(blob.type)
  const filename = safeFilename(url.searchParams.get('name') ?? hash)
  res.writeHead(200, {
    'Content-Type': inline ? blob.type : 'application/octet-stream',
    'Content-Length': blob.data.byteLength,
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': IMMUTABLE,
    ETag: `"${hash}"`,
  })
  res.end(req.method === 'HEAD' ? undefined : blob.data)
}

/** A download name with no path, quotes or control characters. */
export function safeFilename(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const cleaned = name.replace(/[\u0000-\u001f\u007f"\\/]/g, '_').replace(/^\.+/, '_')
  return cleaned.slice(0, MAX_FILENAME_CHARS) || 'attachment'
}

function reply(res: ServerResponse, status: number, message: string, close = false) {
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  }
  // An upload refused halfway has an unread body; closing is cheaper than draining it.
  if (close) headers.Connection = 'close'
  res.writeHead(status, headers)
  res.end(`${message}\n`)
}
