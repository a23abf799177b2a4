// `npm start`: reads flags and environment, opens the store, listens, and shuts down cleanly on
// SIGTERM/SIGINT. The only file with process-wide effects.
import { fileURLToPath } from 'node:url'
import type { Logger } from 'pino'
import pino from 'pino'
import { policyFrom } from './auth.js'
import { ConfigError, HELP, parseConfig, type RelayConfig } from './config.js'
import { openPushSubscriptions } from './push/subscriptions.js'
import { loadOrCreateVapidKeys } from './push/vapid.js'
import { type ClusterOptions, createRelay } from './relay.js'
import { openSqliteStore } from './store/sqliteStore.js'
import type { Store } from './store/types.js'

/** The relay's own flush deadline is 10 s; everything else gets a little more. */
const SHUTDOWN_DEADLINE_MS = 15_000
const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url))

function readConfig(): RelayConfig | null {
  try {
    return parseConfig(process.argv.slice(2), process.env, {
      staticDir: DEFAULT_STATIC_DIR,
      cwd: process.cwd(),
    })
  } catch (error) {
    const message = error instanceof ConfigError || error instanceof TypeError ? error.message : String(error)
    process.stderr.write(`${message}\n\n${HELP}`)
    process.exit(2)
  }
}

async function main(): Promise<void> {
  const config = readConfig()
  if (config === null) {
    process.stdout.write(HELP)
    return
  }
  const log = pino({ level: config.logLevel, base: { service: 'parley-relay' } })
  const { store, cluster } = await openStorage(config, log)
  const relay = createRelay({
    store,
    ...(cluster === null ? {} : { cluster }),
    log,
    staticDir: config.staticDir,
    idleUnloadMs: config.idleUnloadMs,
    access: policyFrom(config.authSecret, config.privateRooms),
    iceServers: config.iceServers,
    maxCallSize: config.maxCallSize,
    push: {
      subscriptions: openPushSubscriptions(config.dataDir),
      vapid: loadOrCreateVapidKeys(config.dataDir),
      subject: config.pushSubject,
      insecureEndpoints: config.insecurePushEndpoints,
    },
    limits: {
      maxConnectionsPerAddress: config.maxConnectionsPerAddress,
      maxBlobStorageBytes: config.maxBlobStorageBytes,
      maxEntryBytes: config.maxEntryBytes,
    },
  })
  const port = await relay.listen(config.port, config.host)
  log.info(
    {
      port,
      host: config.host,
      ...(cluster === null ? { dataDir: config.dataDir } : { mode: 'cluster' }),
      url: `http://${config.host}:${port}/`,
    },
    'listening',
  )

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    // The relay gives up storing after its flush deadline; this is the backstop should anything
    // else (a store that never answers) hold shutdown up.
    setTimeout(() => {
      log.error({ afterMs: SHUTDOWN_DEADLINE_MS }, 'shutdown took too long; exiting')
      process.exit(1)
    }, SHUTDOWN_DEADLINE_MS).unref()
    relay.close().then(
      ({ unstored }) => {
        if (unstored.size === 0) {
          log.info('stopped')
          process.exit(0)
        }
        // Never acknowledged, so their clients still hold them and send them again on reconnect.
        const rooms = Object.fromEntries(unstored)
        log.error({ rooms }, 'stopped with updates that could not be stored; their clients will resend them')
        process.exit(1)
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

/** The embedded SQLite store, or PostgreSQL and Redis in cluster mode. */
async function openStorage(
  config: RelayConfig,
  log: Logger,
): Promise<{ store: Store; cluster: ClusterOptions | null }> {
  if (config.cluster === null) return { store: openSqliteStore(config.dataDir), cluster: null }
  const { postgresUrl, postgresSchema, redisUrl, redisPrefix } = config.cluster
  // Loaded only in cluster mode: the PostgreSQL and Redis clients cost the embedded relay ~7 MiB
  // of resident memory it would never use (bench:relay, RSS before members join).
  const [{ openPostgresStore }, { createRedisBus }] = await Promise.all([
    import('./store/postgresStore.js'),
    import('./cluster/redisBus.js'),
  ])
  const store = await openPostgresStore({ url: postgresUrl, schema: postgresSchema })
  let redisDown = false
  const bus = createRedisBus({
    url: redisUrl,
    prefix: redisPrefix,
    onError: (error) => {
      // Logged once per outage: node-redis reports every failed reconnect attempt.
      if (!redisDown) log.error({ err: error }, 'redis unreachable; rooms will repair from PostgreSQL')
      redisDown = true
    },
  })
  bus.onReconnect(() => {
    redisDown = false
    log.info('redis reachable again')
  })
  return { store, cluster: { bus } }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `parley relay failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  )
  process.exit(1)
})
