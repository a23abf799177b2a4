// How one blob lies on disk: at `<root>/<first two hex digits of its hash>/<hash>` (256
// directories, so none grows huge), a fixed-size header holding its MIME type, then its bytes.
//
// The type lives in the blob's own file rather than in a sidecar or a database row, so a single
// atomic link makes type and bytes appear together and there is nothing to keep in step. The
// header has a fixed size so that a blob's size is its file's size minus the header: counting
// usage at startup needs only stat, and a download streams from a known offset. It is JSON padded
// with spaces and ended by a newline, so `head -1` on a blob file shows what it is.
import path from 'node:path'
import { BLOB_HASH } from '@parley/protocol'

export const BLOB_HEADER_BYTES = 512
export const BLOB_SHARD = /^[0-9a-f]{2}$/
/** Uploads in progress; never a shard name, and emptied whenever the store opens. */
export const TEMP_DIR_NAME = 'tmp'
const FORMAT = 'parley-blob'
const VERSION = 1

/** The file of a blob; throws for anything but a hash, so no caller can name a path outside `root`. */
export function blobPath(root: string, hash: string): string {
  if (!BLOB_HASH.test(hash)) throw new Error(`not a blob hash: ${JSON.stringify(hash.slice(0, 80))}`)
  return path.join(root, hash.slice(0, 2), hash)
}

export function encodeBlobHeader(type: string): Buffer {
  const json = Buffer.from(JSON.stringify({ format: FORMAT, version: VERSION, type }))
  // One byte is kept for the newline; accepted MIME types are far shorter than the rest.
  if (json.byteLength >= BLOB_HEADER_BYTES) throw new Error(`blob type too long: ${type.slice(0, 80)}`)
  const header = Buffer.alloc(BLOB_HEADER_BYTES, ' ')
  json.copy(header)
  header[BLOB_HEADER_BYTES - 1] = 0x0a
  return header
}

/** The MIME type in a header; throws for a file that is not a blob of this format. */
export function decodeBlobHeader(header: Uint8Array): string {
  let parsed: unknown
  try {
    parsed = header.byteLength === BLOB_HEADER_BYTES ? JSON.parse(Buffer.from(header).toString('utf8')) : null
  } catch {
    parsed = null
  }
  const fields = parsed as { format?: unknown; version?: unknown; type?: unknown } | null
  if (fields?.format !== FORMAT || fields.version !== VERSION || typeof fields.type !== 'string') {
    throw new Error('not a parley blob file (bad header)')
  }
  return fields.type
}
