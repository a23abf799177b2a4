// PUT /blobs/<sha256>: the limits an upload passes on its way into the store, in order: the
// sender's budget (uploads and bytes per remote address), its type, then the blob's size and the
// storage quota (from Content-Length when declared, and again as bytes arrive), then its hash. A
// refusal comes before the body is read, or at the first chunk over a limit, and closes the
// connection rather than read the rest. (Browsers read such an early answer; node's fetch, when
// still sending a large body, often reports EPIPE instead.)
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isAcceptedBlobType } from '@parley/protocol'
import type { BlobStore, BlobUsage, PutBlobResult } from '../store/types.js'
import { createUploadLimiter, type UploadLimiter } from '../uploadLimiter.js'
import { replyText as reply } from './textReply.js'

const MIB = 1024 * 1024

export interface BlobLimits {
  maxBlobBytes: number
  /** All stored attachments together; an upload that would pass it is answered 507. */
  maxBlobStorageBytes?: number
  /** Per remote address, as token buckets: uploads, and bytes uploaded. */
  blobUploadsPerSecond?: number
  blobUploadBurst?: number
  blobUploadBytesPerSecond?: number
  blobUploadByteBurst?: number
}

/** Generous: a person attaching photos never meets them, a flood from one address does at once. */
export const DEFAULT_BLOB_LIMITS: Required<Omit<BlobLimits, 'maxBlobBytes'>> = {
  maxBlobStorageBytes: 10 * 1024 * MIB,
  blobUploadsPerSecond: 1,
  blobUploadBurst: 30,
  blobUploadBytesPerSecond: 2 * MIB,
  blobUploadByteBurst: 200 * MIB,
}

export type BlobResult =
  | 'stored'
  | 'existing'
  | 'tooLarge'
  | 'badHash'
  | 'badType'
  | 'badPath'
  | 'rateLimited'
  | 'overQuota'
  | 'aborted'
  | 'diskFull'
  | 'unauthorized'

export interface BlobUsageReport extends BlobUsage {
  quotaBytes: number
}

export interface BlobUploadOptions {
  store: BlobStore
  limits: BlobLimits
  onUpload?(result: BlobResult, bytes: number): void
  /** Called once at creation and after every stored upload: what blobs take, and may take. */
  onUsage?(usage: BlobUsageReport): void
}

interface UploadContext {
  store: BlobStore
  limits: Required<BlobLimits>
  limiter: UploadLimiter
  report(result: BlobResult, bytes: number): void
  reportUsage(): void
}

/** The PUT handler. Usage changes only through it, so it reports usage now (what the store found
 * on disk) and after each stored upload, and gauges fed by onUsage are always current. */
export function createBlobUpload(options: BlobUploadOptions) {
  const limits = withDefaults(options.limits)
  const context: UploadContext = {
    store: options.store,
    limits,
    limiter: createUploadLimiter({
      uploadsPerSecond: limits.blobUploadsPerSecond,
      uploadBurst: limits.blobUploadBurst,
      bytesPerSecond: limits.blobUploadBytesPerSecond,
      byteBurst: limits.blobUploadByteBurst,
    }),
    report: (result, bytes) => options.onUpload?.(result, bytes),
    reportUsage: () =>
      options.onUsage?.({ ...options.store.usage(), quotaBytes: limits.maxBlobStorageBytes }),
  }
  context.reportUsage()
  return (req: IncomingMessage, res: ServerResponse, hash: string) => upload(req, res, hash, context)
}

function withDefaults(limits: BlobLimits): Required<BlobLimits> {
  return {
    maxBlobBytes: limits.maxBlobBytes,
    maxBlobStorageBytes: limits.maxBlobStorageBytes ?? DEFAULT_BLOB_LIMITS.maxBlobStorageBytes,
    blobUploadsPerSecond: limits.blobUploadsPerSecond ?? DEFAULT_BLOB_LIMITS.blobUploadsPerSecond,
    blobUploadBurst: limits.blobUploadBurst ?? DEFAULT_BLOB_LIMITS.blobUploadBurst,
    blobUploadBytesPerSecond: limits.blobUploadBytesPerSecond ?? DEFAULT_BLOB_LIMITS.blobUploadBytesPerSecond,
    blobUploadByteBurst: limits.blobUploadByteBurst ?? DEFAULT_BLOB_LIMITS.blobUploadByteBurst,
  }
}

async function upload(req: IncomingMessage, res: ServerResponse, hash: string, context: UploadContext) {
  const declared = declaredLength(req)
  // A body of unknown length is charged as the largest allowed, and refunded what it did not send.
  const cost = declared ?? context.limits.maxBlobBytes
  const admission = context.limiter.admit(req.socket.remoteAddress ?? 'unknown', cost)
  if (!admission.admitted) {
    context.report('rateLimited', 0)
    res.setHeader('Retry-After', String(admission.retryAfterSeconds))
    const message = `rate limited: ${admission.reason}; retry in ${admission.retryAfterSeconds} s`
    return reply(res, 429, message, true)
  }
  const body = requestBody(req)
  try {
    await receive(req, res, hash, declared, body, context)
  } finally {
    admission.refund(cost - body.bytes)
  }
}

async function receive(
  req: IncomingMessage,
  res: ServerResponse,
  hash: string,
  declared: number | null,
  body: RequestBody,
  { store, limits, report, reportUsage }: UploadContext,
) {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (!isAcceptedBlobType(type)) {
    report('badType', 0)
    return reply(res, 415, `unsupported attachment type "${type.slice(0, 100)}"`, !req.complete)
  }
  if (declared !== null && declared > limits.maxBlobBytes) {
    report('tooLarge', 0)
    return reply(res, 413, tooLargeMessage(limits), true)
  }
  // Before the quota: a blob already stored takes nothing more, however full storage is.
  if (await store.hasBlob(hash)) return answer(req, res, { result: 'existing' }, limits, report)
  if (declared !== null && store.usage().bytes + declared > limits.maxBlobStorageBytes) {
    report('overQuota', 0)
    return reply(res, 507, storageFullMessage(limits), true)
  }
  let outcome: PutBlobResult
  try {
    const putLimits = { maxBytes: limits.maxBlobBytes, maxTotalBytes: limits.maxBlobStorageBytes }
    outcome = await store.putBlob(hash, type, body.chunks, putLimits)
  } catch (error) {
    if (!body.failed) {
      if (isDiskFull(error)) {
        report('diskFull', 0)
        return reply(res, 507, "attachment storage is full: the relay's disk has no space left", true)
      }
      if (!req.complete) res.setHeader('Connection', 'close')
      throw error
    }
    report('aborted', body.bytes)
    return void res.destroy()
  }
  if (outcome.result === 'stored') reportUsage()
  answer(req, res, outcome, limits, report)
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  outcome: PutBlobResult,
  limits: Required<BlobLimits>,
  report: UploadContext['report'],
) {
  const unread = !req.complete
  switch (outcome.result) {
    case 'stored':
      report('stored', outcome.bytes)
      return reply(res, 201, 'stored')
    case 'existing':
      report('existing', 0)
      return reply(res, 200, 'already stored', unread)
    case 'hashMismatch':
      report('badHash', outcome.bytes)
      return reply(res, 400, `hash mismatch: the body's SHA-256 is ${outcome.actualHash}`, unread)
    case 'tooLarge':
      report('tooLarge', 0)
      return reply(res, 413, tooLargeMessage(limits), unread)
    case 'overQuota':
      report('overQuota', 0)
      return reply(res, 507, storageFullMessage(limits), unread)
  }
}

const tooLargeMessage = (limits: Required<BlobLimits>) => `attachment over ${limits.maxBlobBytes} bytes`
const storageFullMessage = (limits: Required<BlobLimits>) =>
  `attachment storage is full: this relay keeps at most ${limits.maxBlobStorageBytes} bytes of attachments`

/** A disk with no space (or quota) left: the client's upload was fine, so it gets 507, not 500. */
function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return code === 'ENOSPC' || code === 'EDQUOT'
}

function declaredLength(req: IncomingMessage): number | null {
  const header = req.headers['content-length']
  const length = header === undefined ? Number.NaN : Number(header)
  return Number.isSafeInteger(length) && length >= 0 ? length : null
}

interface RequestBody {
  readonly chunks: AsyncIterable<Uint8Array>
  /** Bytes handed to the store so far. */
  readonly bytes: number
  /** True once reading the request itself failed (the client went away), as opposed to the store. */
  readonly failed: boolean
}

/** The request body for the store. A store that stops reading early leaves the request (and its
 * socket) open, so the refusal can still be sent. */
function requestBody(req: IncomingMessage): RequestBody {
  let bytes = 0
  let failed = false
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
        bytes += chunk.byteLength
        yield chunk
      }
    } catch (error) {
      failed = true
      throw error
    }
  }
  return {
    chunks: chunks(),
    get bytes() {
      return bytes
    },
    get failed() {
      return failed
    },
  }
}
