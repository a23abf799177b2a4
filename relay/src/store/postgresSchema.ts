// The PostgreSQL schema of a cluster store, and its migrations. Every relay runs `migrate` when it
// opens the store; an advisory lock makes relays that start at once take turns, so the first
// creates the schema, the others find it done, and a newer relay moves an older schema forward.
import { createHash } from 'node:crypto'
import type { PoolClient } from 'pg'

/** Each entry moves the schema from version i to i + 1; append only, never edit a shipped one. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE rooms (
    room TEXT PRIMARY KEY,
    head_seq BIGINT NOT NULL
  );
  CREATE TABLE room_rows (
    room TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (room, seq)
  );
  CREATE TABLE blobs (
    hash TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BYTEA NOT NULL
  );
  `,
]

export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * A 64-bit advisory lock key for `name` within `schema`: advisory locks are database-wide, and
 * several schemas (tests, tenants) may share one database. A collision only makes two rooms
 * take turns.
 */
export function lockKey(schema: string, name: string): string {
  return createHash('sha256').update(`${schema}\0${name}`).digest().readBigInt64BE(0).toString()
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** Creates or migrates `schema` to SCHEMA_VERSION; safe when several relays run it at once. */
export async function migrate(client: PoolClient, schema: string): Promise<void> {
  const key = lockKey(schema, 'migrate')
  await client.query('SELECT pg_advisory_lock($1::bigint)', [key])
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`)
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(schema)}.parley_schema (version INTEGER NOT NULL)`,
    )
    const found = await client.query<{ version: number }>(
      `SELECT version FROM ${quoteIdentifier(schema)}.parley_schema`,
    )
    const current = found.rows[0]?.version ?? 0
    if (current > SCHEMA_VERSION) {
      throw new Error(`the database schema is version ${current}, newer than this relay's ${SCHEMA_VERSION}`)
    }
    for (let version = current; version < SCHEMA_VERSION; version++) {
      await client.query('BEGIN')
      try {
        await client.query(`SET LOCAL search_path TO ${quoteIdentifier(schema)}`)
        await client.query(MIGRATIONS[version] ?? '')
        await client.query('DELETE FROM parley_schema')
        await client.query('INSERT INTO parley_schema (version) VALUES ($1)', [version + 1])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [key])
  }
}
