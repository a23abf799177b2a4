// Flags and environment for `npm start`: the only place the relay's settings are read.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { MAX_CALL_SIZE, MAX_ENTRY_BYTES } from '@parley/protocol'
import { DEFAULT_BLOB_LIMITS } from './http/blobUpload.js'
import { type IceServer, parseIceServers } from './iceServers.js'

export interface RelayConfig {
  port: number
  host: string
  dataDir: string
  staticDir: string
  idleUnloadMs: number
  maxConnectionsPerAddress: number
  maxBlobStorageBytes: number
  maxEntryBytes: number
  /** HS256 secret for access tokens; null: a room's link is enough. */
  authSecret: string | null
  /** Only tokens with the create right may open new rooms. */
  privateRooms: boolean
  /** STUN/TURN servers for calls, handed to the app in /config.json. */
  iceServers: IceServer[]
  /** People a call may hold, handed to the app in /config.json (2 to MAX_CALL_SIZE). */
  maxCallSize: number
  /** VAPID contact for push services (mailto: or https:). */
  pushSubject: string
  /** Accept push endpoints on loopback and private addresses: only for tests with a local push service. */
  insecurePushEndpoints: boolean
  logLevel: string
  /** Cluster mode (both set) or the embedded store (neither). */
  cluster: ClusterConfig | null
}

export interface ClusterConfig {
  postgresUrl: string
  postgresSchema: string
  redisUrl: string
  redisPrefix: string
}

export const HELP = `Usage: npm start -- [options]   (or: node relay/dist/main.js [options])

Options (each also read from the environment variable in brackets):
  --port <n>            port for the app and websockets [PORT] (default 8080; 0 picks a free one)
  --host <addr>         address to bind [HOST] (default 127.0.0.1; 0.0.0.0 serves every interface)
  --data-dir <dir>      where rooms and attachments are stored [DATA_DIR] (default ./data)
  --static-dir <dir>    the built web app [STATIC_DIR] (default web/dist of this checkout)
  --idle-unload-ms <n>  how long an empty room stays in memory [IDLE_UNLOAD_MS] (default 30000)
  --max-connections-per-address <n>
                        open websockets allowed from one address [MAX_CONNECTIONS_PER_ADDRESS]
                        (default 1000; behind a reverse proxy every client shares its address)
  --max-blob-storage-bytes <n>
                        bytes all stored attachments may take; uploads past it are refused with
                        507 [MAX_BLOB_STORAGE_BYTES] (default ${DEFAULT_BLOB_LIMITS.maxBlobStorageBytes}, 10 GiB)
  --max-entry-bytes <n> largest log entry accepted, as JSON [MAX_ENTRY_BYTES] (default ${MAX_ENTRY_BYTES};
                        lower only: the app never writes entries larger than the default)
  --auth-secret <text>  require an access token (npm run token) for websockets and uploads
                        [AUTH_SECRET] (default: none; a room's unguessable link is enough)
  --private             only tokens minted with --create may open new rooms [PRIVATE=1]
  --ice-servers <json>  STUN/TURN servers for calls, as a JSON array of RTCIceServer [ICE_SERVERS]
                        (default []: calls between browsers that reach each other directly,
                        e.g. on one network; see README for a coturn setup)
  --max-call-size <n>   people one call may hold, from 2 to ${MAX_CALL_SIZE} [MAX_CALL_SIZE] (default ${MAX_CALL_SIZE};
                        calls are a mesh, so each person uploads to every other: lower it for
                        thin uplinks)
  --push-subject <uri>  contact push services may use about this relay's pushes, a mailto: or
                        https: URI [PUSH_SUBJECT] (default mailto:parley@localhost)
  --insecure-push-endpoints
                        accept push endpoints on loopback and private addresses, plain HTTP on
                        loopback [INSECURE_PUSH_ENDPOINTS=1] (tests with a local push service only)
  --log-level <level>   trace, debug, info, warn, error or silent [LOG_LEVEL] (default info)

Cluster mode (any number of relays serving the same rooms; give both URLs, or neither):
  --postgres-url <url>  PostgreSQL holding every room and attachment, instead of --data-dir
                        [DATABASE_URL] (e.g. postgres://parley@db:5432/parley)
  --redis-url <url>     Redis for fan-out and presence between relays; it stores nothing
                        [REDIS_URL] (e.g. redis://cache:6379)
  --postgres-schema <name>
                        schema of Parley's tables [DATABASE_SCHEMA] (default public)
  --redis-prefix <text> prefix of Parley's channels [REDIS_PREFIX] (default parley:)
  --help                show this help
`

export class ConfigError extends Error {}

/** Flags win over environment variables, which win over defaults. Returns null for --help. */
export function parseConfig(
  argv: string[],
  env: Record<string, string | undefined>,
  defaults: { staticDir: string; cwd: string },
): RelayConfig | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'static-dir': { type: 'string' },
      'idle-unload-ms': { type: 'string' },
      'max-connections-per-address': { type: 'string' },
      'max-blob-storage-bytes': { type: 'string' },
      'max-entry-bytes': { type: 'string' },
      'auth-secret': { type: 'string' },
      private: { type: 'boolean' },
      'ice-servers': { type: 'string' },
      'max-call-size': { type: 'string' },
      'push-subject': { type: 'string' },
      'insecure-push-endpoints': { type: 'boolean' },
      'log-level': { type: 'string' },
      'postgres-url': { type: 'string' },
      'postgres-schema': { type: 'string' },
      'redis-url': { type: 'string' },
      'redis-prefix': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  })
  if (values.help) return null
  return {
    port: integer('port', values.port ?? env.PORT ?? '8080', 0, 65_535),
    host: values.host ?? env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(defaults.cwd, values['data-dir'] ?? env.DATA_DIR ?? 'data'),
    staticDir: path.resolve(defaults.cwd, values['static-dir'] ?? env.STATIC_DIR ?? defaults.staticDir),
    idleUnloadMs: integer(
      'idle-unload-ms',
      values['idle-unload-ms'] ?? env.IDLE_UNLOAD_MS ?? '30000',
      0,
      86_400_000,
    ),
    maxConnectionsPerAddress: integer(
      'max-connections-per-address',
      values['max-connections-per-address'] ?? env.MAX_CONNECTIONS_PER_ADDRESS ?? '1000',
      1,
      1_000_000,
    ),
    maxBlobStorageBytes: integer(
      'max-blob-storage-bytes',
      values['max-blob-storage-bytes'] ??
        env.MAX_BLOB_STORAGE_BYTES ??
        String(DEFAULT_BLOB_LIMITS.maxBlobStorageBytes),
      0,
      Number.MAX_SAFE_INTEGER,
    ),
    maxEntryBytes: integer(
      'max-entry-bytes',
      values['max-entry-bytes'] ?? env.MAX_ENTRY_BYTES ?? String(MAX_ENTRY_BYTES),
      256,
      MAX_ENTRY_BYTES,
    ),
    ...access(
      values['auth-secret'] ?? env.AUTH_SECRET ?? null,
      values.private === true || env.PRIVATE === '1',
    ),
    iceServers: iceServers(values['ice-servers'] ?? env.ICE_SERVERS ?? '[]'),
    maxCallSize: integer(
      'max-call-size',
      values['max-call-size'] ?? env.MAX_CALL_SIZE ?? String(MAX_CALL_SIZE),
      2,
      MAX_CALL_SIZE,
    ),
    pushSubject: pushSubject(values['push-subject'] ?? env.PUSH_SUBJECT ?? 'mailto:parley@localhost'),
    insecurePushEndpoints: values['insecure-push-endpoints'] === true || env.INSECURE_PUSH_ENDPOINTS === '1',
    logLevel: values['log-level'] ?? env.LOG_LEVEL ?? 'info',
    cluster: cluster(
      values['postgres-url'] ?? env.DATABASE_URL ?? null,
      values['redis-url'] ?? env.REDIS_URL ?? null,
      values['postgres-schema'] ?? env.DATABASE_SCHEMA ?? 'public',
      values['redis-prefix'] ?? env.REDIS_PREFIX ?? 'parley:',
    ),
  }
}

function pushSubject(text: string): string {
  if (!/^(mailto:\S+@\S+|https:\/\/\S+)$/.test(text)) {
    throw new ConfigError(`--push-subject must be a mailto: or https: URI, not "${text}"`)
  }
  return text
}

function iceServers(text: string): IceServer[] {
  try {
    return parseIceServers(text)
  } catch (error) {
    throw new ConfigError((error as Error).message)
  }
}

function cluster(
  postgresUrl: string | null,
  redisUrl: string | null,
  postgresSchema: string,
  redisPrefix: string,
): ClusterConfig | null {
  if (postgresUrl === null && redisUrl === null) return null
  if (postgresUrl === null || redisUrl === null) {
    throw new ConfigError(
      postgresUrl === null
        ? '--redis-url needs --postgres-url: in cluster mode PostgreSQL holds the rooms and Redis only carries news between relays'
        : '--postgres-url needs --redis-url: relays sharing PostgreSQL learn of each other’s writes through Redis',
    )
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(postgresSchema)) {
    throw new ConfigError(`--postgres-schema must be a lowercase SQL name, not "${postgresSchema}"`)
  }
  return { postgresUrl, postgresSchema, redisUrl, redisPrefix }
}

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`)
  }
  return value
}

/** A secret shorter than this is refused: an HS256 key anyone can guess opens every room. */
const MIN_SECRET_CHARS = 32

function access(
  secret: string | null,
  privateRooms: boolean,
): Pick<RelayConfig, 'authSecret' | 'privateRooms'> {
  if (secret !== null && secret.length < MIN_SECRET_CHARS) {
    throw new ConfigError(
      `--auth-secret must be at least ${MIN_SECRET_CHARS} characters (try: openssl rand -base64 32)`,
    )
  }
  if (privateRooms && secret === null)
    throw new ConfigError('--private needs --auth-secret: tokens say who may create rooms')
  return { authSecret: secret, privateRooms }
}
