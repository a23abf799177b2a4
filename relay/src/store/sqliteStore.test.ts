import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { readAll, sha256 } from './blobContract.js'
import { openBlobFiles } from './blobFiles.js'
import { describeStoreContract } from './contract.js'
import { openSqliteStore } from './sqliteStore.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-store-'))
  dirs.push(dir)
  return dir
}

describeStoreContract('sqlite', {
  async open() {
    return openSqliteStore(tempDir())
  },
  async reopen(store) {
    await store.close()
    const dir = dirs.at(-1)
    if (dir === undefined) throw new Error('no store open')
    return openSqliteStore(dir)
  },
})

/** A data dir as relays before blob files left it: blobs as rows of the rooms' database. */
function oldDataDir(blobs: Array<{ type: string; data: Uint8Array }>): string {
  const dir = tempDir()
  const db = new Database(path.join(dir, 'rooms.sqlite3'))
  db.exec('CREATE TABLE blobs (hash TEXT PRIMARY KEY, type TEXT NOT NULL, data BLOB NOT NULL) WITHOUT ROWID')
  const insert = db.prepare('INSERT INTO blobs (hash, type, data) VALUES (?, ?, ?)')
  for (const { type, data } of blobs) insert.run(sha256(data), type, data)
  db.close()
  return dir
}

function hasBlobTable(dir: string): boolean {
  const db = new Database(path.join(dir, 'rooms.sqlite3'), { readonly: true })
  const found = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'blobs'").get()
  db.close()
  return found !== undefined
}

describe('sqlite store: blobs stored by older relays', () => {
  const png = { type: 'image/png', data: new Uint8Array([137, 80, 78, 71, 1, 2, 3]) }
  const pdf = { type: 'application/pdf', data: new TextEncoder().encode('%PDF-1.4 old') }

  it('moves rows of the old blobs table into files, then drops the table', async () => {
    const dir = oldDataDir([png, pdf])
    const store = openSqliteStore(dir)
    expect(hasBlobTable(dir)).toBe(false)
    expect(store.usage()).toEqual({ bytes: png.data.byteLength + pdf.data.byteLength, count: 2 })
    for (const { type, data } of [png, pdf]) {
      const blob = await store.openBlob(sha256(data))
      expect(blob).toMatchObject({ type, size: data.byteLength })
      expect(blob && (await readAll(blob))).toEqual(data)
    }
    await store.close()
    const again = openSqliteStore(dir)
    expect(again.usage()).toEqual({ bytes: png.data.byteLength + pdf.data.byteLength, count: 2 })
    await again.close()
  })

  it('finishes a move that was interrupted after some files were written', async () => {
    const dir = oldDataDir([png, pdf])
    openBlobFiles(path.join(dir, 'blobs')).importSync(sha256(png.data), png.type, png.data)
    const store = openSqliteStore(dir)
    expect(hasBlobTable(dir)).toBe(false)
    expect(store.usage()).toEqual({ bytes: png.data.byteLength + pdf.data.byteLength, count: 2 })
    expect(await store.openBlob(sha256(pdf.data))).toMatchObject({ type: pdf.type })
    await store.close()
  })
})
