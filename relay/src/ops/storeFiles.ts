// Read-only access to an embedded store's files for backup and migration, safe while a relay is
// using them: rooms through SQLite (WAL readers never block the writer), blobs straight from
// their files (immutable once linked into place; uploads in progress live in tmp/, never read).
import fs from 'node:fs'
import path from 'node:path'
import { BLOB_HASH } from '@parley/protocol'
import { BLOB_HEADER_BYTES, BLOB_SHARD, decodeBlobHeader } from '../store/blobFileFormat.js'

export const ROOMS_FILE = 'rooms.sqlite3'
export const BLOBS_DIR = 'blobs'

export interface BlobFile {
  hash: string
  type: string
  /** Reads the blob's bytes (after its header). */
  read(): Buffer
}

/** Every blob file under the data dir's blobs/, sorted by hash. */
export function listBlobFiles(dataDir: string): BlobFile[] {
  const root = path.join(dataDir, BLOBS_DIR)
  if (!fs.existsSync(root)) return []
  const blobs: BlobFile[] = []
  for (const shard of fs.readdirSync(root).sort()) {
    if (!BLOB_SHARD.test(shard)) continue
    for (const hash of fs.readdirSync(path.join(root, shard)).sort()) {
      if (!BLOB_HASH.test(hash)) continue
      const file = path.join(root, shard, hash)
      const bytes = () => fs.readFileSync(file)
      const header = Buffer.alloc(BLOB_HEADER_BYTES)
      const fd = fs.openSync(file, 'r')
      try {
        fs.readSync(fd, header, 0, BLOB_HEADER_BYTES, 0)
      } finally {
        fs.closeSync(fd)
      }
      blobs.push({ hash, type: decodeBlobHeader(header), read: () => bytes().subarray(BLOB_HEADER_BYTES) })
    }
  }
  return blobs
}
