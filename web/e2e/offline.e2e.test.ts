import { describe, expect, it } from 'vitest'
import {
  aliceAndBob,
  connection,
  consoleProblems,
  joinRoom,
  message,
  messageTexts,
  RELAY_DOWN_NOISE,
  send,
  waitForState,
} from './chat'
import { useScene } from './scene'

describe('chat with the relay down or restarting', () => {
  const scene = useScene()

  /** The same relay again: same port (same origin for IndexedDB and the service worker), same data. */
  function restart(relay: { port: number; dataDir: string }) {
    return scene.relay({ port: relay.port, dataDir: relay.dataDir })
  }

  it('keeps a message written offline as local across a reload and delivers it later', async () => {
    const { relay, alice, bob } = await aliceAndBob(scene, { serviceWorker: true })
    await send(alice.page, 'Before the outage')
    await waitForState(alice.page, 'Before the outage', 'stored')

    await relay.kill()
    await connection(alice.page, 'reconnecting', 'offline')
    await send(alice.page, 'Written while the relay is down')
    await waitForState(alice.page, 'Written while the relay is down', 'local')

    await alice.page.reload()
    await waitForState(alice.page, 'Written while the relay is down', 'local')
    await waitForState(alice.page, 'Before the outage', 'stored')
    await connection(alice.page, 'offline')
    expect(await message(bob.page, 'Written while the relay is down').count()).toBe(0)

    await restart(relay)
    await waitForState(alice.page, 'Written while the relay is down', 'stored')
    await message(bob.page, 'Written while the relay is down', 'Alice').waitFor()
    await connection(bob.page, 'online')
    expect(consoleProblems([alice, bob], RELAY_DOWN_NOISE)).toEqual([])
  })

  it('shows the full history after a reload with the relay down', async () => {
    const { relay, alice, bob } = await aliceAndBob(scene, { serviceWorker: true })
    const history = ['one from Alice', 'two from Bob', 'three from Alice', 'four from Bob']
    // Each reply waits for what it answers, so the order is causal and the same for both.
    for (const [i, text] of history.entries()) {
      const [writer, reader] = i % 2 === 0 ? [alice, bob] : [bob, alice]
      await send(writer.page, text)
      await message(reader.page, text).waitFor()
    }

    await relay.kill()
    for (const { page } of [alice, bob]) {
      await page.reload()
      await connection(page, 'offline')
      await message(page, 'four from Bob', 'Bob').waitFor()
      expect(await messageTexts(page)).toEqual(history)
    }
    expect(consoleProblems([alice, bob], RELAY_DOWN_NOISE)).toEqual([])
  })

  it('loses nothing it stored across a relay stop (SIGTERM) and crash (SIGKILL)', async () => {
    const { relay, alice, bob, roomUrl } = await aliceAndBob(scene, { serviceWorker: true })
    await send(alice.page, 'Alice before the stop')
    await send(bob.page, 'Bob before the stop')
    await waitForState(alice.page, 'Alice before the stop', 'stored')
    await waitForState(bob.page, 'Bob before the stop', 'stored')
    // Nobody who holds a copy may be around to re-upload it: only the relay's disk counts.
    await Promise.all([alice.context.close(), bob.context.close()])
    expect(await relay.stop()).toBe(0)

    const afterStop = await restart(relay)
    const carol = await scene.person('carol')
    await joinRoom(carol.page, roomUrl, 'Carol')
    await message(carol.page, 'Bob before the stop', 'Bob').waitFor()
    expect(await messageTexts(carol.page)).toEqual(['Alice before the stop', 'Bob before the stop'])
    await send(carol.page, 'Carol before the crash')
    await waitForState(carol.page, 'Carol before the crash', 'stored')
    await carol.context.close()
    await afterStop.kill()

    await restart(relay)
    const dave = await scene.person('dave')
    await joinRoom(dave.page, roomUrl, 'Dave')
    await message(dave.page, 'Carol before the crash', 'Carol').waitFor()
    expect(await messageTexts(dave.page)).toEqual([
      'Alice before the stop',
      'Bob before the stop',
      'Carol before the crash',
    ])
    expect(consoleProblems([alice, bob, carol, dave])).toEqual([])
  })
})
