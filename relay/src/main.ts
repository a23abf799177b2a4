// `npm start`: reads flags and environment, opens the store, listens, and shuts down cleanly on
// SIGTERM/SIGINT. The only file with process-wide effects.
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { ConfigError, HELP, parseConfig, type RelayConfig } from './config.js'
import { createRelay } from './relay.js'
import { openSqliteStore } from './store/sqliteStore.js'

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
  const relay = createRelay({
    store: openSqliteStore(config.dataDir),
    log,
    staticDir: config.staticDir,
    idleUnloadMs: config.idleUnloadMs,
    limits: { maxConnectionsPerAddress: config.maxConnectionsPerAddress },
  })
  const port = await relay.listen(config.port, config.host)
  log.info(
    { port, host: config.host, dataDir: config.dataDir, url: `http://${config.host}:${port}/` },
    'listening',
  )

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    relay.close().then(
      () => {
        log.info('stopped')
        process.exit(0)
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

main().catch((error: unknown) => {
  process.stderr.write(
    `parley relay failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  )
  process.exit(1)
})
