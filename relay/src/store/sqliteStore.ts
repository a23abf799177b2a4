// Rooms in one SQLite database (WAL, synchronous=FULL): a commit is on disk when it returns, and a
// crash at any moment leaves either the old or the new state, never a torn one. Blobs are files
// beside it (blobFiles.ts), so attachments never share the rooms' write path.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { openBlobFiles } from './blobFiles.js'
import { migrateBlobTable } from './blobMigration.js'
import type { RoomStats, Store, StoredRow, StoredUpdate } from './types.js'

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS room_updates (
    room TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (room, seq)
  ) WITHOUT ROWID;
`

export function openSqliteStore(dataDir: string): Store {
  fs.mkdirSync(dataDir, { recursive: true })
  const db = new Database(path.join(dataDir, 'rooms.sqlite3'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('busy_timeout = 5000')
  db.exec(SCHEMA)
  const blobs = openBlobFiles(path.join(dataDir, 'blobs'))
  migrateBlobTable(db, blobs)

  const selectAll = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM room_updates WHERE room = ? ORDER BY seq',
  )
  const selectLastSeq = db.prepare<[string], { seq: number | null }>(
    'SELECT MAX(seq) AS seq FROM room_updates WHERE room = ?',
  )
  const selectAfter = db.prepare<[string, number], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM room_updates WHERE room = ? AND seq > ? ORDER BY seq',
  )
  const insert = db.prepare('INSERT INTO room_updates (room, seq, data) VALUES (?, ?, ?)')
  const deleteUpTo = db.prepare('DELETE FROM room_updates WHERE room = ? AND seq <= ?')
  const selectStats = db.prepare<[string], { updates: number; bytes: number | null }>(
    'SELECT COUNT(*) AS updates, SUM(LENGTH(data)) AS bytes FROM room_updates WHERE room = ?',
  )

  // The last seq of each room written through this store, so an append need not ask SQLite.
  const lastSeqs = new Map<string, number>()
  const nextSeq = (room: string): number => {
    const last = lastSeqs.get(room) ?? selectLastSeq.get(room)?.seq ?? 0
    return last + 1
  }

  const appendBatch = db.transaction((batch: readonly StoredUpdate[]): number[] => {
    const seqs = new Map<string, number>()
    const assigned: number[] = []
    for (const { room, update } of batch) {
      const seq = seqs.get(room) ?? nextSeq(room)
      insert.run(room, seq, update)
      assigned.push(seq)
      seqs.set(room, seq + 1)
    }
    for (const [room, next] of seqs) lastSeqs.set(room, next - 1)
    return assigned
  })

  const replaceUpTo = db.transaction((room: string, lastSeq: number, snapshot: Uint8Array) => {
    deleteUpTo.run(room, lastSeq)
    insert.run(room, lastSeq, snapshot)
  })

  return {
    async load(room) {
      return selectAll.all(room).map((row) => new Uint8Array(row.data))
    },
    async readAfter(room, afterSeq): Promise<StoredRow[]> {
      return selectAfter
        .all(room, afterSeq)
        .map((row) => ({ seq: row.seq, update: new Uint8Array(row.data) }))
    },
    async headSeq(room) {
      return lastSeqs.get(room) ?? selectLastSeq.get(room)?.seq ?? 0
    },
    async append(batch) {
      return batch.length > 0 ? appendBatch(batch) : []
    },
    async compact(room, merge) {
      const rows = selectAll.all(room)
      const last = rows.at(-1)
      if (rows.length < 2 || last === undefined) return
      const snapshot = await merge(rows.map((row) => new Uint8Array(row.data)))
      // Rows appended while merging have higher seqs; only what was merged is replaced.
      replaceUpTo(room, last.seq, snapshot)
    },
    async stats(room): Promise<RoomStats> {
      const row = selectStats.get(room)
      return { updates: row?.updates ?? 0, bytes: row?.bytes ?? 0 }
    },
    putBlob: blobs.putBlob,
    openBlob: blobs.openBlob,
    hasBlob: blobs.hasBlob,
    usage: blobs.usage,
    async close() {
      if (db.open) db.close()
    },
  }
}
