// `npm run restore -- <file> [--data-dir D]`: puts a backup (backup.ts) in place of the embedded
// store. Run it with the relay stopped. What the data dir held is moved aside, never deleted; the
// backup's blobs become files when the store opens it, which this command does once to check it.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { openSqliteStore } from '../store/sqliteStore.js'
import { ROOMS_FILE } from './storeFiles.js'

export async function restore(file: string, dataDir: string): Promise<{ movedAside: string | null }> {
  const check = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const ok = check.pragma('quick_check', { simple: true })
    const hasRooms = check
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'room_updates'")
      .get()
    if (ok !== 'ok' || hasRooms === undefined) throw new Error(`${file} is not a Parley backup`)
  } finally {
    check.close()
  }
  fs.mkdirSync(dataDir, { recursive: true })
  const target = path.join(dataDir, ROOMS_FILE)
  let movedAside: string | null = null
  if (fs.existsSync(target)) {
    const aside = `${target}.before-restore-${new Date().toISOString().replaceAll(':', '-')}`
    // Its WAL goes with it: it may hold commits not yet checkpointed into the main file.
    for (const suffix of ['', '-wal', '-shm']) {
      if (fs.existsSync(`${target}${suffix}`)) fs.renameSync(`${target}${suffix}`, `${aside}${suffix}`)
    }
    movedAside = aside
  }
  fs.copyFileSync(file, target)
  // Opening moves the backup's blob rows into files and checks that the store opens.
  await openSqliteStore(dataDir).close()
  return { movedAside }
}
