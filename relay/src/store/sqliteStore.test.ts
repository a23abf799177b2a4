import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'
import { describeStoreContract } from './contract.js'
import { openSqliteStore } from './sqliteStore.js'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
})

describeStoreContract('sqlite', {
  async open() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-store-'))
    dirs.push(dir)
    return openSqliteStore(dir)
  },
  async reopen(store) {
    await store.close()
    const dir = dirs.at(-1)
    if (dir === undefined) throw new Error('no store open')
    return openSqliteStore(dir)
  },
})
