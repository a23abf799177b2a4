// Access tokens as a relay's operator hands them out: links minted with the real `npm run token`
// command (its source, run with tsx), for tests of relays started with --auth-secret.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect } from 'vitest'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const run = promisify(execFile)

/** The link `npm run token -- --any-room --create --url <origin>` prints. */
export async function tokenLink(secret: string, origin: string): Promise<string> {
  const cli = ['--conditions=parley-source', '--import', 'tsx', 'relay/src/tokenCli.ts']
  const { stdout } = await run(
    process.execPath,
    [...cli, '--any-room', '--create', '--days', '1', '--url', origin],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, AUTH_SECRET: secret },
    },
  )
  const link = stdout.trim().split('\n').at(-1) ?? ''
  expect(link).toMatch(/#token=/)
  return link
}
