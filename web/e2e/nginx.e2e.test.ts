// The self-hosting kit end to end: Chromium loads the app over TLS from nginx (deploy/nginx.conf)
// and talks over wss:// to two relays in cluster mode behind it, one person on each relay.
import { createClusterSpace } from '@parley/relay/testing/cluster'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { arrive, createRoom, joinRoom, message, send } from './chat'
import type { RelayProcess } from './harness'
import { type Nginx, startNginx } from './nginx'
import { useScene } from './scene'

async function connections(relay: RelayProcess): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text()
  return Number(/^parley_connections (\d+)/m.exec(text)?.[1] ?? 'NaN')
}

describe('behind nginx with TLS', () => {
  const scene = useScene()
  let nginx: Nginx | null = null
  const space = createClusterSpace()
  afterEach(async () => {
    await nginx?.stop()
    nginx = null
  })
  // After every relay of the scene has stopped.
  afterAll(() => space.drop())

  it('serves the app and wss:// with two relays behind it, one person on each', async () => {
    const relays = [await scene.relay({ args: space.args }), await scene.relay({ args: space.args })]
    const [first, second] = relays as [RelayProcess, RelayProcess]
    nginx = await startNginx([first.port, second.port])
    const alice = await scene.person('alice', { ignoreHTTPSErrors: true })
    const bob = await scene.person('bob', { ignoreHTTPSErrors: true })
    await arrive(alice.page, `${nginx.origin}/`, 'Alice')
    const roomUrl = await createRoom(alice.page)
    expect(roomUrl.startsWith(`${nginx.origin}/r/`)).toBe(true)
    await joinRoom(bob.page, roomUrl, 'Bob')
    // nginx sends each new websocket to the relay with fewer open (least_conn), so both relays
    // serve this room's people (each page also keeps its inbox and read state connected).
    const open = await Promise.all(relays.map(connections))
    expect(open.every((count) => count > 0)).toBe(true)

    await send(alice.page, 'Hello over TLS')
    await message(bob.page, 'Hello over TLS', 'Alice').waitFor()
    await send(bob.page, 'Hi from the other relay')
    await message(alice.page, 'Hi from the other relay', 'Bob').waitFor()
    await alice.page.getByRole('list', { name: 'Online now' }).getByText('Bob').waitFor()
    await bob.page.getByRole('list', { name: 'Online now' }).getByText('Alice').waitFor()
  })
})
