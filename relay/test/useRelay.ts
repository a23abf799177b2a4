// One real relay process for a describe block, and the clients its tests connect: started before
// the first test, stopped (clients first) after the last.
import { afterAll, beforeAll } from 'vitest'
import { type ClientOptions, connectClient, type TestClient } from './client.js'
import { type RelayProcess, type StartOptions, startRelay } from './relayProcess.js'

export interface RelayUnderTest {
  /** The running relay (only inside tests and hooks). */
  readonly process: RelayProcess
  readonly url: string
  readonly port: number
  /** A client of `room`, destroyed after the block. */
  connect(room: string, options?: ClientOptions): TestClient
}

export function useRelay(options: StartOptions = {}): RelayUnderTest {
  let relay: RelayProcess | null = null
  const clients: TestClient[] = []
  const running = (): RelayProcess => {
    if (relay === null) throw new Error('the relay is not running yet')
    return relay
  }
  beforeAll(async () => {
    relay = await startRelay(options)
  })
  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await relay?.stop()
  })
  return {
    get process() {
      return running()
    },
    get url() {
      return running().url
    },
    get port() {
      return running().port
    },
    connect(room, clientOptions) {
      const client = connectClient(running().url, room, clientOptions)
      clients.push(client)
      return client
    },
  }
}
