// `npm run token -- --room R --days 30`: mints an access token for a relay started with
// `--auth-secret` (the same secret, from --auth-secret or AUTH_SECRET), and prints it with a link.
import { parseArgs } from 'node:util'
import { MAX_TOKEN_DAYS, mintToken, policyFrom } from './auth.js'

const USAGE = `Usage: npm run token -- (--room <name> ... | --any-room) [--days <n>] [--create] [--url <app url>]

  --room <name>     a room the token opens (repeat for several)
  --any-room        every room
  --days <n>        how long it is valid (default 30, at most ${MAX_TOKEN_DAYS})
  --create          may open rooms that do not exist yet (needed on a --private relay)
  --url <app url>   print a link to the app that carries the token (e.g. https://chat.example.org)
  --auth-secret <text>   the relay's secret [AUTH_SECRET]
`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      room: { type: 'string', multiple: true },
      'any-room': { type: 'boolean' },
      days: { type: 'string' },
      create: { type: 'boolean' },
      url: { type: 'string' },
      'auth-secret': { type: 'string' },
      help: { type: 'boolean' },
    },
  })
  const secret = values['auth-secret'] ?? process.env.AUTH_SECRET
  const rooms = values['any-room'] ? '*' : (values.room ?? [])
  if (values.help || secret === undefined || rooms.length === 0) {
    process.stderr.write(USAGE)
    process.exit(values.help ? 0 : 2)
  }
  const days = Number(values.days ?? '30')
  const policy = policyFrom(secret, false)
  if (policy.secret === null) throw new Error('no secret')
  const token = await mintToken(policy.secret, { rooms, create: values.create === true }, days)
  process.stdout.write(`${token}\n`)
  if (values.url !== undefined) {
    const room = rooms === '*' ? '' : `r/${rooms[0]}`
    process.stdout.write(`${values.url.replace(/\/$/, '')}/${room}#token=${token}\n`)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(2)
})
