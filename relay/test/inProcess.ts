// A relay created in this process with an injected store and limits, on a free port: failure
// paths (a failing, stalled or full store; tight limits) become tests instead of luck.
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { createRelay, type Relay, type RelayOptions } from '../src/relay.js'

export interface InProcessRelay {
  readonly relay: Relay
  readonly url: string
  readonly port: number
}

export async function startInProcessRelay(
  options: Pick<RelayOptions, 'store'> & Partial<Omit<RelayOptions, 'store'>>,
): Promise<InProcessRelay> {
  const relay = createRelay({
    log: pino({ level: 'silent' }),
    staticDir: path.join(os.tmpdir(), 'parley-no-app'),
    ...options,
  })
  const port = await relay.listen(0, '127.0.0.1')
  return { relay, port, url: `ws://127.0.0.1:${port}` }
}
