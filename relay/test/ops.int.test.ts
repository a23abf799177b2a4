// The maintenance commands against real relay processes: a backup taken while the relay writes
// restores to the same rooms and attachments, and the migration to PostgreSQL keeps every room
// identical (served by a relay in cluster mode afterwards).
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { sameDocument } from '../src/ops/migrateToPostgres.js'
import { openPostgresStore } from '../src/store/postgresStore.js'
import { openSqliteStore } from '../src/store/sqliteStore.js'
import { putBlob, sha256 } from './blobRequests.js'
import { createClientSet } from './client.js'
import { startCluster } from './cluster/clusterProcesses.js'
import { dropSchema, SHARED_POSTGRES_URL, uniqueSchema } from './cluster/sharedPostgres.js'
import { makeDataDir, type RelayProcess, startRelay } from './relayProcess.js'
import { waitFor } from './waitFor.js'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TIMEOUT_MS = 20_000
const run = promisify(execFile)

/** Runs `npm run <command> -- ...args` the way npm would (without npm's own start-up time). */
async function ops(command: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=parley-source', '--import', 'tsx', 'relay/src/ops/cli.ts', command, ...args],
    { cwd: REPO_ROOT, timeout: 60_000 },
  )
  return stdout
}

describe('backup, restore and migration', () => {
  const relays: RelayProcess[] = []
  const clients = createClientSet({ durable: true })
  const cleanups: Array<() => Promise<void>> = []
  const connect = (relay: RelayProcess, room: string) => clients.connect(relay, room)
  afterEach(async () => {
    clients.destroyAll()
    for (const relay of relays.splice(0)) if (relay.child.exitCode === null) await relay.kill()
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  /** Writes `count` entries into each room through `relay`, and one attachment. */
  async function fill(relay: RelayProcess, rooms: string[], count: number): Promise<Uint8Array> {
    for (const room of rooms) {
      const writer = connect(relay, room)
      await writer.synced()
      for (let i = 0; i < count; i++) writer.append({ room, i })
      await writer.durableNow()
    }
    const blob = new TextEncoder().encode('an attachment kept across moves')
    expect((await putBlob(relay.port, sha256(blob), blob, { type: 'text/plain' })).status).toBe(201)
    return blob
  }

  async function entriesAt(relay: RelayProcess, room: string, count: number): Promise<unknown[]> {
    const reader = connect(relay, room)
    await reader.synced()
    await waitFor(() => reader.entries().length >= count, TIMEOUT_MS, `${count} entries in ${room}`)
    return reader.entries()
  }

  async function blobAt(relay: RelayProcess, blob: Uint8Array): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${relay.port}/blobs/${sha256(blob)}`)
    return response.ok ? await response.text() : `HTTP ${response.status}`
  }

  it('backs up while the relay writes, and restores the same rooms and attachments', async () => {
    const relay = await startRelay()
    relays.push(relay)
    const blob = await fill(relay, ['one', 'two'], 30)
    // Writes keep coming while the backup runs: the copy is a snapshot of one moment.
    const busy = connect(relay, 'busy')
    await busy.synced()
    const traffic = setInterval(() => busy.append('during the backup'), 2)
    const file = path.join(makeDataDir(), 'parley.backup')
    const said = await ops('backup', file, '--data-dir', relay.dataDir).finally(() => clearInterval(traffic))
    expect(said).toMatch(/backed up 3 rooms and 1 attachments/)
    const before = { one: await entriesAt(relay, 'one', 30), two: await entriesAt(relay, 'two', 30) }

    const restoredDir = makeDataDir()
    await ops('restore', file, '--data-dir', restoredDir)
    const restored = await startRelay({ dataDir: restoredDir })
    relays.push(restored)
    expect(await entriesAt(restored, 'one', 30)).toEqual(before.one)
    expect(await entriesAt(restored, 'two', 30)).toEqual(before.two)
    expect(await blobAt(restored, blob)).toBe('an attachment kept across moves')
  })

  it('refuses to restore a file that is not a backup, leaving the store alone', async () => {
    const dir = makeDataDir()
    const notBackup = path.join(dir, 'notes.txt')
    fs.writeFileSync(notBackup, 'hello')
    await expect(ops('restore', notBackup, '--data-dir', dir)).rejects.toThrow()
    expect(fs.existsSync(path.join(dir, 'rooms.sqlite3'))).toBe(false)
  })

  it('migrates every room and attachment to PostgreSQL, identical', async () => {
    const relay = await startRelay()
    relays.push(relay)
    const rooms = ['alpha', 'beta', 'gamma']
    const blob = await fill(relay, rooms, 25)
    expect(await relay.stop()).toBe(0)

    const schema = uniqueSchema('parley_migrate')
    cleanups.push(() => dropSchema(schema))
    const said = await ops(
      'migrate-to-postgres',
      '--data-dir',
      relay.dataDir,
      '--postgres-url',
      SHARED_POSTGRES_URL,
      '--postgres-schema',
      schema,
    )
    expect(said).toMatch(/copied 3 rooms \(\d+ rows\) and 1 attachments/)
    // Run again, it leaves what is there alone.
    expect(
      await ops(
        'migrate-to-postgres',
        '--data-dir',
        relay.dataDir,
        '--postgres-url',
        SHARED_POSTGRES_URL,
        '--postgres-schema',
        schema,
      ),
    ).toMatch(/copied 0 rooms .* left alone: alpha, beta, gamma/)

    const sqlite = openSqliteStore(relay.dataDir)
    const postgres = await openPostgresStore({ url: SHARED_POSTGRES_URL, schema })
    for (const room of rooms)
      expect(sameDocument(await sqlite.load(room), await postgres.load(room))).toBe(true)
    await sqlite.close()
    await postgres.close()

    const cluster = await startCluster(1, { schemaName: schema })
    cleanups.push(() => cluster.stop())
    const [clustered] = cluster.relays as [RelayProcess]
    for (const room of rooms) {
      expect(await entriesAt(clustered, room, 25)).toEqual(
        Array.from({ length: 25 }, (_, i) => ({ room, i })),
      )
    }
    expect(await blobAt(clustered, blob)).toBe('an attachment kept across moves')
  })
})
