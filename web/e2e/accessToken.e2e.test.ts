// A relay closed to strangers (--auth-secret): the app opened from the operator's `#token=` link
// (minted with the real `npm run token` CLI) connects and uploads with the token; without one it
// says that the relay needs an access token instead of retrying forever.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { tokenLink } from './accessToken'
import { arrive, connection, consoleProblems, createRoom, send, waitForState } from './chat'
import { useScene } from './scene'

/** The browser logs the refused websocket handshake; that is the point of the test. */
const REFUSED_SOCKET = [/WebSocket connection to .* failed/]

describe('access tokens', () => {
  const scene = useScene()

  it('connects with the token of a #token= link, and says what is missing without one', async () => {
    const secret = randomBytes(32).toString('base64')
    const relay = await scene.relay({ args: ['--auth-secret', secret] })
    const origin = `http://127.0.0.1:${relay.port}`
    const alice = await scene.person('alice')
    await arrive(alice.page, await tokenLink(secret, origin), 'Alice')
    // The token is kept, and taken off the address bar.
    expect(new URL(alice.page.url()).hash).toBe('')
    const roomUrl = await createRoom(alice.page)
    await send(alice.page, 'behind a token')
    await waitForState(alice.page, 'behind a token', 'stored')

    const stranger = await scene.person('stranger')
    await arrive(stranger.page, roomUrl, 'Stranger')
    await stranger.page
      .getByText(/This relay needs an access token/)
      .first()
      .waitFor()
    await connection(stranger.page, 'offline')
    expect(consoleProblems([alice])).toEqual([])
    expect(consoleProblems([stranger], REFUSED_SOCKET)).toEqual([])
  })
})
