// Relay processes in cluster mode for integration tests: each test gets its own PostgreSQL schema
// and Redis channel prefix on the servers it names (the shared ones by default), so runs never see
// each other; the schema is dropped when the cluster stops.
import { randomBytes } from 'node:crypto'
import { type RelayProcess, startRelay } from '../relayProcess.js'
import { dropSchema, SHARED_POSTGRES_URL, uniqueSchema } from './sharedPostgres.js'

export const SHARED_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

export interface ClusterUnderTest {
  readonly relays: RelayProcess[]
  readonly schema: string
  readonly postgresUrl: string
  /** Starts one more relay of the cluster. */
  add(extraArgs?: string[]): Promise<RelayProcess>
  /** Kills every relay still running, then drops the schema. */
  stop(): Promise<void>
}

export interface ClusterServers {
  postgresUrl?: string
  redisUrl?: string
  /** Flags every relay of the cluster gets. */
  args?: string[]
  /** An existing schema to serve (dropped at stop all the same); a fresh one by default. */
  schemaName?: string
}

/** A schema and a channel prefix of a test's own, and the relay flags that point at them. */
export interface ClusterSpace {
  readonly schema: string
  readonly postgresUrl: string
  readonly args: string[]
  /** Drops the schema (after the relays using it are stopped). */
  drop(): Promise<void>
}

export function createClusterSpace(servers: ClusterServers = {}): ClusterSpace {
  const postgresUrl = servers.postgresUrl ?? SHARED_POSTGRES_URL
  const redisUrl = servers.redisUrl ?? SHARED_REDIS_URL
  const schema = servers.schemaName ?? uniqueSchema('parley_cluster')
  const prefix = `parley-test-${randomBytes(6).toString('hex')}:`
  return {
    schema,
    postgresUrl,
    args: [
      '--postgres-url',
      postgresUrl,
      '--postgres-schema',
      schema,
      '--redis-url',
      redisUrl,
      '--redis-prefix',
      prefix,
      ...(servers.args ?? []),
    ],
    drop: () => dropSchema(schema, postgresUrl).catch(() => {}),
  }
}

export async function startCluster(count: number, servers: ClusterServers = {}): Promise<ClusterUnderTest> {
  const space = createClusterSpace(servers)
  const relays: RelayProcess[] = []
  const add = async (extraArgs: string[] = []) => {
    const relay = await startRelay({ args: [...space.args, ...extraArgs] })
    relays.push(relay)
    return relay
  }
  // Started together: the first relays race to create the schema, as a real deployment would.
  await Promise.all(Array.from({ length: count }, () => add()))
  return {
    relays,
    schema: space.schema,
    postgresUrl: space.postgresUrl,
    add,
    async stop() {
      await Promise.all(relays.map((relay) => (relay.child.exitCode === null ? relay.kill() : undefined)))
      await space.drop()
    },
  }
}
