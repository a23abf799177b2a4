// Rooms and blobs in PostgreSQL, shared by every relay of a cluster: the only source of truth in
// cluster mode. A batch is one transaction; each room's head seq is bumped in its `rooms` row,
// whose row lock orders concurrent appenders, so a room's rows commit in seq order and a reader
// never sees seq n + 1 without n. Blobs are rows too (bytea): attachments are at most 10 MiB.
import { Pool, type PoolClient } from 'pg'
import { type BlobLedger, createBlobLedger, receiveBlob } from './blobIntake.js'
import { lockKey, migrate } from './postgresSchema.js'
import type { BlobStore, RoomStats, Store, StoredRow, StoredUpdate } from './types.js'

export interface PostgresStoreOptions {
  url: string
  /** Where the tables live; tests give each run its own. */
  schema?: string
  poolSize?: number
}

const CONNECT_TIMEOUT_MS = 5_000
/** A query that has not answered for this long fails, so a hung server shows as a failing store. */
const QUERY_TIMEOUT_MS = 30_000
const BLOB_READ_CHUNK_BYTES = 256 * 1024
/** The persister writes one batch at a time; a second connection covers a reconnect. */
const APPEND_CONNECTIONS = 2
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema ?? 'public'
  if (!SCHEMA_NAME.test(schema)) throw new Error(`schema name "${schema}" must match ${SCHEMA_NAME}`)
  const poolOf = (max: number) => {
    const pool = new Pool({
      connectionString: options.url,
      max,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: QUERY_TIMEOUT_MS,
      keepAlive: true,
      options: `-c search_path=${schema}`,
    })
    // An idle connection dropped by a restarting server: the next query reconnects, and a query
    // that fails meanwhile is what reports the store unhealthy.
    pool.on('error', () => {})
    return pool
  }
  const pool = poolOf(options.poolSize ?? 10)
  // Appends have connections of their own: reads (loads, repairs) queueing for the shared pool
  // must never hold up a commit, which every acknowledgement waits for.
  const appends = poolOf(APPEND_CONNECTIONS)
  try {
    await withClient(pool, (client) => migrate(client, schema))
    const usage = await countBlobs(pool)
    return {
      ...postgresRooms(pool, appends, schema),
      ...postgresBlobs(pool, createBlobLedger(usage)),
      async close() {
        await Promise.all([pool.end(), appends.end()])
      },
    }
  } catch (error) {
    await Promise.all([pool.end(), appends.end()])
    throw error
  }
}

/** Runs `use` on a pooled client; a client that failed is discarded rather than reused. */
async function withClient<T>(pool: Pool, use: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let failed = false
  try {
    return await use(client)
  } catch (error) {
    failed = true
    throw error
  } finally {
    client.release(failed)
  }
}

async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN')
  try {
    const result = await work()
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
}

function bytesOf(data: Buffer): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

type RoomsPart = Omit<Store, keyof BlobStore | 'close'>

/**
 * Appends a batch ($1 rooms, $2 updates, in batch order): each room's head seq goes up by its
 * row count under the room's row lock (taken in room order, so relays never wait in a cycle),
 * and its rows take the seqs below the new head in batch order. Returns each room's new head.
 */
const APPEND_SQL = `
  WITH input AS (
    SELECT room, data, ord FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS u(room, data, ord)
  ),
  counts AS (SELECT room, COUNT(*) AS n FROM input GROUP BY room),
  heads AS (
    INSERT INTO rooms (room, head_seq) SELECT room, n FROM counts ORDER BY room
    ON CONFLICT (room) DO UPDATE SET head_seq = rooms.head_seq + EXCLUDED.head_seq
    RETURNING room, head_seq
  ),
  inserted AS (
    INSERT INTO room_rows (room, seq, data)
    SELECT i.room, h.head_seq - c.n + ROW_NUMBER() OVER (PARTITION BY i.room ORDER BY i.ord), i.data
    FROM input i JOIN heads h ON h.room = i.room JOIN counts c ON c.room = i.room
    RETURNING 1
  )
  SELECT room, head_seq, (SELECT COUNT(*) FROM inserted) AS rows FROM heads`

function postgresRooms(pool: Pool, appends: Pool, schema: string): RoomsPart {
  const readAfter = async (room: string, afterSeq: number): Promise<StoredRow[]> => {
    const { rows } = await pool.query<{ seq: string; data: Buffer }>(
      'SELECT seq, data FROM room_rows WHERE room = $1 AND seq > $2 ORDER BY seq',
      [room, afterSeq],
    )
    return rows.map((row) => ({ seq: Number(row.seq), update: bytesOf(row.data) }))
  }

  return {
    async load(room) {
      return (await readAfter(room, 0)).map((row) => row.update)
    },
    readAfter,
    async headSeq(room) {
      const { rows } = await pool.query<{ head_seq: string }>('SELECT head_seq FROM rooms WHERE room = $1', [
        room,
      ])
      return Number(rows[0]?.head_seq ?? 0)
    },
    async append(batch: readonly StoredUpdate[]) {
      if (batch.length === 0) return []
      // One statement, one round trip, one transaction: a busy relay's event loop answers every
      // await late, so a batch must not wait on it once per room.
      const { rows } = await appends.query<{ room: string; head_seq: string; rows: string }>(APPEND_SQL, [
        batch.map((row) => row.room),
        batch.map((row) => bufferOf(row.update)),
      ])
      const heads = new Map(rows.map((row) => [row.room, Number(row.head_seq)]))
      const counts = new Map<string, number>()
      for (const { room } of batch) counts.set(room, (counts.get(room) ?? 0) + 1)
      const taken = new Map<string, number>()
      return batch.map(({ room }) => {
        const k = (taken.get(room) ?? 0) + 1
        taken.set(room, k)
        return (heads.get(room) ?? 0) - (counts.get(room) ?? 0) + k
      })
    },
    async compact(room, merge) {
      await withClient(pool, async (client) => {
        const key = lockKey(schema, `compact\0${room}`)
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1::bigint) AS locked',
          [key],
        )
        if (rows[0]?.locked !== true) return // another relay is compacting this room now
        try {
          await compactLocked(client, room, merge)
        } finally {
          await client.query('SELECT pg_advisory_unlock($1::bigint)', [key])
        }
      })
    },
    async ping() {
      await pool.query('SELECT 1')
    },
    async stats(room): Promise<RoomStats> {
      const { rows } = await pool.query<{ updates: string; bytes: string }>(
        'SELECT COUNT(*) AS updates, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM room_rows WHERE room = $1',
        [room],
      )
      return { updates: Number(rows[0]?.updates ?? 0), bytes: Number(rows[0]?.bytes ?? 0) }
    },
  }
}

/**
 * Merges the rows one statement read (one consistent snapshot), then deletes exactly those rows
 * and stores the merge at the last one's seq. Rows committed meanwhile have higher seqs and stay;
 * nothing this process never read is ever deleted.
 */
async function compactLocked(
  client: PoolClient,
  room: string,
  merge: (updates: Uint8Array[]) => Promise<Uint8Array>,
): Promise<void> {
  const { rows } = await client.query<{ seq: string; data: Buffer }>(
    'SELECT seq, data FROM room_rows WHERE room = $1 ORDER BY seq',
    [room],
  )
  const last = rows.at(-1)
  if (rows.length < 2 || last === undefined) return
  const snapshot = await merge(rows.map((row) => bytesOf(row.data)))
  await inTransaction(client, async () => {
    await client.query('DELETE FROM room_rows WHERE room = $1 AND seq = ANY($2::bigint[])', [
      room,
      rows.map((row) => row.seq),
    ])
    await client.query('INSERT INTO room_rows (room, seq, data) VALUES ($1, $2, $3)', [
      room,
      last.seq,
      bufferOf(snapshot),
    ])
  })
}

async function countBlobs(pool: Pool): Promise<{ bytes: number; count: number }> {
  const { rows } = await pool.query<{ bytes: string; count: string }>(
    'SELECT COALESCE(SUM(size), 0) AS bytes, COUNT(*) AS count FROM blobs',
  )
  return { bytes: Number(rows[0]?.bytes ?? 0), count: Number(rows[0]?.count ?? 0) }
}

function postgresBlobs(pool: Pool, ledger: BlobLedger): BlobStore {
  const hasBlob = async (hash: string): Promise<boolean> =>
    (await pool.query('SELECT 1 FROM blobs WHERE hash = $1', [hash])).rowCount === 1
  return {
    async putBlob(hash, type, body, limits) {
      if (await hasBlob(hash)) return { result: 'existing' }
      // Other relays store blobs too: the quota is checked against what the database holds now.
      ledger.recount(await countBlobs(pool))
      const chunks: Uint8Array[] = []
      const received = await receiveBlob(hash, body, limits, ledger, async (chunk) => {
        chunks.push(chunk.slice())
      })
      if (received.result !== 'received') return received
      let stored = false
      try {
        const inserted = await pool.query(
          'INSERT INTO blobs (hash, type, size, data) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING',
          [hash, type, received.bytes, Buffer.concat(chunks)],
        )
        stored = inserted.rowCount === 1
      } finally {
        ledger.settle(received.bytes, stored)
      }
      return stored ? { result: 'stored', bytes: received.bytes } : { result: 'existing' }
    },
    async openBlob(hash) {
      const { rows } = await pool.query<{ type: string; size: number }>(
        'SELECT type, size FROM blobs WHERE hash = $1',
        [hash],
      )
      const found = rows[0]
      if (found === undefined) return null
      return {
        type: found.type,
        size: found.size,
        async *stream() {
          const data = await pool.query<{ data: Buffer }>('SELECT data FROM blobs WHERE hash = $1', [hash])
          const bytes = data.rows[0]?.data ?? Buffer.alloc(0)
          for (let at = 0; at < bytes.byteLength; at += BLOB_READ_CHUNK_BYTES) {
            yield bytesOf(bytes.subarray(at, at + BLOB_READ_CHUNK_BYTES))
          }
        },
      }
    },
    hasBlob,
    usage: () => ledger.usage(),
  }
}
