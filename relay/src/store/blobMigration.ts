// Relays before blob files kept attachments as rows of a `blobs` table in the rooms' database.
// Opening the store moves them to files, then drops the table. Safe to interrupt at any point:
// the table goes only after every row is a durable file, and a file already there is skipped, so
// the next open just finishes the job.
import { BLOB_HASH } from '@parley/protocol'
import type Database from 'better-sqlite3'
import type { BlobFiles } from './blobFiles.js'

interface BlobRow {
  hash: string
  type: string
  data: Buffer
}

/** Moves every row of the old `blobs` table into `files`; returns how many rows there were. */
export function migrateBlobTable(db: Database.Database, files: Pick<BlobFiles, 'importSync'>): number {
  const table = db.prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'blobs'")
  if (table.get() === undefined) return 0
  let rows = 0
  // One row in memory at a time; the old relay verified each hash on upload, and only valid
  // hashes could reach the table (the route refused any other path).
  for (const row of db.prepare<[], BlobRow>('SELECT hash, type, data FROM blobs').iterate()) {
    if (BLOB_HASH.test(row.hash)) files.importSync(row.hash, row.type, row.data)
    rows += 1
  }
  db.exec('DROP TABLE blobs')
  return rows
}
