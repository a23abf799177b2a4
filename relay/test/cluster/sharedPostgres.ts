// The machine's shared PostgreSQL (127.0.0.1:5432, database test), for tests that only need a
// working database: each run gets its own schema, dropped afterwards, so runs never see each other.
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const SHARED_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export function uniqueSchema(prefix = 'parley_test'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
}

export async function dropSchema(schema: string, url = SHARED_POSTGRES_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}
