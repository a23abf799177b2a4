// The maintenance commands: `npm run backup|restore|migrate-to-postgres -- ...` run
// `node relay/src/ops/cli.ts <command> ...`. Each prints one line of what it did.
import { openPostgresStore } from '../store/postgresStore.js'
import { backup } from './backup.js'
import { parseOpsArgs } from './cliArgs.js'
import { migrateToPostgres } from './migrateToPostgres.js'
import { restore } from './restore.js'

const USAGE = `usage:
  npm run backup -- <file> [--data-dir <dir>]            (while the relay runs)
  npm run restore -- <file> [--data-dir <dir>]           (relay stopped)
  npm run migrate-to-postgres -- --data-dir <dir> --postgres-url <url> [--postgres-schema <name>]
                                                         (relay stopped)
`

async function main(command: string | undefined, argv: string[]): Promise<string> {
  const args = parseOpsArgs(argv, process.env)
  switch (command) {
    case 'backup': {
      if (args.file === null) break
      const { rooms, blobs } = await backup(args.dataDir, args.file)
      return `backed up ${rooms} rooms and ${blobs} attachments from ${args.dataDir} to ${args.file}`
    }
    case 'restore': {
      if (args.file === null) break
      const { movedAside } = await restore(args.file, args.dataDir)
      return `restored ${args.file} into ${args.dataDir}${movedAside === null ? '' : `; the previous store is at ${movedAside}`}`
    }
    case 'migrate-to-postgres': {
      if (args.postgresUrl === null) break
      const target = await openPostgresStore({ url: args.postgresUrl, schema: args.postgresSchema })
      try {
        const report = await migrateToPostgres(args.dataDir, target)
        const skipped =
          report.skipped.length > 0 ? `; already there, left alone: ${report.skipped.join(', ')}` : ''
        return `copied ${report.rooms} rooms (${report.rows} rows) and ${report.blobs} attachments into PostgreSQL${skipped}`
      } finally {
        await target.close()
      }
    }
  }
  throw new Error(USAGE)
}

main(process.argv[2], process.argv.slice(3)).then(
  (done) => process.stdout.write(`${done}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
