import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { dropSchema, SHARED_POSTGRES_URL, uniqueSchema } from '../../test/cluster/sharedPostgres.js'
import { describeStoreContract } from './contract.js'
import { SCHEMA_VERSION } from './postgresSchema.js'
import { openPostgresStore } from './postgresStore.js'

const schemas: string[] = []
afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema)
})

function freshSchema(): string {
  const schema = uniqueSchema()
  schemas.push(schema)
  return schema
}

describeStoreContract('postgres', {
  open: async () => openPostgresStore({ url: SHARED_POSTGRES_URL, schema: freshSchema() }),
  async reopen(store) {
    await store.close()
    const schema = schemas.at(-1) ?? ''
    return openPostgresStore({ url: SHARED_POSTGRES_URL, schema })
  },
  openPeer: async () => openPostgresStore({ url: SHARED_POSTGRES_URL, schema: schemas.at(-1) ?? '' }),
})

describe('postgres store: schema', () => {
  it('is created once when several relays open an empty database at once', async () => {
    const schema = freshSchema()
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => openPostgresStore({ url: SHARED_POSTGRES_URL, schema })),
    )
    const client = new pg.Client({ connectionString: SHARED_POSTGRES_URL })
    await client.connect()
    const { rows } = await client.query(`SELECT version FROM "${schema}".parley_schema`)
    await client.end()
    expect(rows).toEqual([{ version: SCHEMA_VERSION }])
    const doc = new Y.Doc()
    doc.getArray('messages').push(['x'])
    const seqs = await Promise.all(
      stores.map((store) => store.append([{ room: 'r', update: Y.encodeStateAsUpdate(doc) }])),
    )
    // Appends from four relays at once get four distinct seqs with no gap.
    expect(seqs.flat().sort()).toEqual([1, 2, 3, 4])
    for (const store of stores) await store.close()
  })

  it('refuses a schema newer than the relay knows', async () => {
    const schema = freshSchema()
    const store = await openPostgresStore({ url: SHARED_POSTGRES_URL, schema })
    await store.close()
    const client = new pg.Client({ connectionString: SHARED_POSTGRES_URL })
    await client.connect()
    await client.query(`UPDATE "${schema}".parley_schema SET version = version + 1`)
    await client.end()
    await expect(openPostgresStore({ url: SHARED_POSTGRES_URL, schema })).rejects.toThrow(
      /newer than this relay/,
    )
  })
})
