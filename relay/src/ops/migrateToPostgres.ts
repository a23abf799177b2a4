// `npm run migrate-to-postgres -- --data-dir D --postgres-url U [--postgres-schema S]`: copies
// every room and blob of an embedded store into PostgreSQL, for moving a relay to cluster mode.
// Run it with the relay stopped. Rows are copied in their order (the room's updates unchanged),
// then each room is checked: the copy must hold exactly the same document. A room already in
// PostgreSQL is left alone, so an interrupted migration can be run again.
import path from 'node:path'
import Database from 'better-sqlite3'
import * as Y from 'yjs'
import type { Store } from '../store/types.js'
import { listBlobFiles, ROOMS_FILE } from './storeFiles.js'

const ROWS_PER_BATCH = 500

export interface MigrationReport {
  rooms: number
  rows: number
  blobs: number
  /** Rooms PostgreSQL already had. */
  skipped: string[]
}

export async function migrateToPostgres(dataDir: string, target: Store): Promise<MigrationReport> {
  const db = new Database(path.join(dataDir, ROOMS_FILE), { readonly: true, fileMustExist: true })
  const report: MigrationReport = { rooms: 0, rows: 0, blobs: 0, skipped: [] }
  try {
    const rooms = db
      .prepare<[], { room: string }>('SELECT DISTINCT room FROM room_updates ORDER BY room')
      .all()
    const rowsOf = db.prepare<[string], { data: Buffer }>(
      'SELECT data FROM room_updates WHERE room = ? ORDER BY seq',
    )
    for (const { room } of rooms) {
      if ((await target.headSeq(room)) > 0) {
        report.skipped.push(room)
        continue
      }
      const updates = rowsOf.all(room).map((row) => new Uint8Array(row.data))
      for (let at = 0; at < updates.length; at += ROWS_PER_BATCH) {
        await target.append(updates.slice(at, at + ROWS_PER_BATCH).map((update) => ({ room, update })))
      }
      if (!sameDocument(updates, await target.load(room)))
        throw new Error(`room ${room} differs after copying`)
      report.rooms += 1
      report.rows += updates.length
    }
  } finally {
    db.close()
  }
  for (const blob of listBlobFiles(dataDir)) {
    if (await target.hasBlob(blob.hash)) continue
    const data = blob.read()
    const limits = { maxBytes: data.byteLength, maxTotalBytes: Number.MAX_SAFE_INTEGER }
    const stored = await target.putBlob(blob.hash, blob.type, once(data), limits)
    if (stored.result !== 'stored' && stored.result !== 'existing') {
      throw new Error(`blob ${blob.hash} was not copied: ${stored.result}`)
    }
    report.blobs += 1
  }
  return report
}

/** Whether two sets of updates make the same document: same state and same encoded content. */
export function sameDocument(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  const docA = new Y.Doc()
  const docB = new Y.Doc()
  for (const update of a) Y.applyUpdate(docA, update)
  for (const update of b) Y.applyUpdate(docB, update)
  const same = Buffer.from(Y.encodeStateAsUpdate(docA)).equals(Buffer.from(Y.encodeStateAsUpdate(docB)))
  docA.destroy()
  docB.destroy()
  return same
}

async function* once(data: Uint8Array): AsyncIterable<Uint8Array> {
  yield data
}
