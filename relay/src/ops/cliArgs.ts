// Flags of the maintenance commands (cli.ts): backup, restore, migrate-to-postgres.
import path from 'node:path'
import { parseArgs } from 'node:util'

export interface OpsArgs {
  /** The one file argument, if the command takes one. */
  file: string | null
  dataDir: string
  postgresUrl: string | null
  postgresSchema: string
}

export function parseOpsArgs(argv: string[], env: Record<string, string | undefined>): OpsArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      'postgres-url': { type: 'string' },
      'postgres-schema': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  })
  const file = positionals[0]
  return {
    file: file === undefined ? null : path.resolve(file),
    dataDir: path.resolve(values['data-dir'] ?? env.DATA_DIR ?? 'data'),
    postgresUrl: values['postgres-url'] ?? env.DATABASE_URL ?? null,
    postgresSchema: values['postgres-schema'] ?? env.DATABASE_SCHEMA ?? 'public',
  }
}
