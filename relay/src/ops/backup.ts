// `npm run backup -- <file> [--data-dir D]`: a consistent copy of the embedded store, taken while
// the relay runs. Rooms are copied with SQLite's online backup (a snapshot of the database at one
// moment, WAL included); blobs are then added to the copy as rows of a `blobs` table, the layout
// older relays used, which the store moves back into files when it opens a restored copy. A blob
// stored after the snapshot may be in the copy too: harmless, blobs are content-addressed.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { listBlobFiles, ROOMS_FILE } from './storeFiles.js'

export async function backup(dataDir: string, file: string): Promise<{ rooms: number; blobs: number }> {
  const source = path.join(dataDir, ROOMS_FILE)
  if (!fs.existsSync(source)) throw new Error(`no embedded store at ${source}`)
  const temp = `${file}.partial`
  fs.rmSync(temp, { force: true })
  const db = new Database(source, { readonly: true, fileMustExist: true })
  try {
    await db.backup(temp)
  } finally {
    db.close()
  }
  const copy = new Database(temp)
  try {
    copy.exec(
      'CREATE TABLE blobs (hash TEXT PRIMARY KEY, type TEXT NOT NULL, data BLOB NOT NULL) WITHOUT ROWID',
    )
    const insert = copy.prepare('INSERT INTO blobs (hash, type, data) VALUES (?, ?, ?)')
    const blobs = listBlobFiles(dataDir)
    // One blob in memory at a time (at most 10 MiB each).
    for (const blob of blobs) insert.run(blob.hash, blob.type, blob.read())
    const rooms = copy.prepare<[], { n: number }>('SELECT COUNT(DISTINCT room) AS n FROM room_updates').get()
    copy.pragma('journal_mode = DELETE') // one self-contained file
    copy.close()
    fs.renameSync(temp, file)
    return { rooms: rooms?.n ?? 0, blobs: blobs.length }
  } catch (error) {
    if (copy.open) copy.close()
    fs.rmSync(temp, { force: true })
    throw error
  }
}
