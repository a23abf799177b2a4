// A relay closed to strangers (--auth-secret, --private), against the real process: websockets and
// uploads need a valid token for the room, and on a private relay only tokens with the create
// right open new rooms. Tokens come from the real `npm run token` command.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openRaw } from './rawSocket.js'
import { useRelay } from './useRelay.js'
import { waitFor } from './waitFor.js'

const SECRET = 'correct horse battery staple, long enough'
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

function mint(...args: string[]): string {
  const out = execFileSync('npm', ['run', '--silent', 'token', '--', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, AUTH_SECRET: SECRET },
  })
  return out.toString().trim().split('\n')[0] ?? ''
}

describe('a relay that needs access tokens', () => {
  const relay = useRelay({ args: ['--auth-secret', SECRET, '--private'] })

  const connectWith = async (room: string, token: string | null) => {
    const socket = await openRaw(relay.url, token === null ? room : `${room}?token=${token}`)
    const outcome = await Promise.race([
      socket.closed,
      waitFor(() => socket.frames.length > 0 && 'served', 10_000, 'a sync step from the relay'),
    ])
    socket.ws.close()
    return outcome
  }

  it('refuses a connection without a token, with a wrong one, or for another room', async () => {
    expect(await connectWith('team', null)).toEqual({
      code: 4401,
      reason: 'unauthorized: this relay needs an access token',
    })
    const other = mint('--room', 'other', '--create')
    expect(await connectWith('team', other)).toEqual({
      code: 4401,
      reason: 'unauthorized: token is not for this room',
    })
    expect(await connectWith('team', `${other}x`)).toMatchObject({ code: 4401 })
  })

  it('opens new rooms only with the create right, existing ones with a room token', async () => {
    const creator = mint('--room', 'team', '--create', '--days', '1')
    const member = mint('--room', 'team', '--days', '1')
    expect(await connectWith('team', member)).toEqual({
      code: 4401,
      reason: 'unauthorized: only invited people may create rooms here',
    })
    // The creator opens it and writes, so it exists; then a member's token is enough.
    const creatorClient = relay.connect('team', { durable: true, params: { token: creator } })
    await creatorClient.synced()
    creatorClient.append('hello team')
    await creatorClient.durableNow()
    expect(await connectWith('team', member)).toBe('served')
  })

  it('accepts uploads only with a valid token', async () => {
    const body = new TextEncoder().encode('attachment')
    const hash = createHash('sha256').update(body).digest('hex')
    const put = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${relay.port}/blobs/${hash}`, {
        method: 'PUT',
        body,
        headers: { 'Content-Type': 'text/plain', ...headers },
      })
    const refused = await put({})
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toBe('Bearer')
    expect(await refused.text()).toMatch(/^unauthorized: this relay needs an access token/)
    expect((await put({ Authorization: `Bearer ${mint('--any-room')}` })).status).toBe(201)
  })
})
