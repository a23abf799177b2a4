import { encodeUpdate } from '@parley/protocol'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, readMetric, type TestClient } from './client.js'
import { openRaw } from './rawSocket.js'
import { type RelayProcess, startRelay } from './relayProcess.js'
import { waitFor } from './waitFor.js'

const TIMEOUT_MS = 10_000

function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  change(doc)
  return Y.encodeStateAsUpdate(doc)
}

describe('bad input', () => {
  let relay: RelayProcess
  let bystander: TestClient
  const clients: TestClient[] = []

  beforeAll(async () => {
    relay = await startRelay({ args: ['--max-connections-per-address', '20'] })
    bystander = connectClient(relay.url, 'bystander', { durable: true })
    clients.push(bystander)
    await bystander.synced()
  })
  afterAll(async () => {
    for (const client of clients) client.destroy()
    await relay.stop()
  })

  /** After each offence, another room still syncs and stores. */
  const bystanderStillServed = async () => {
    bystander.append({ at: Date.now() })
    await bystander.durableNow()
  }

  const expectClose = async (frame: Uint8Array | string, room: string, code: number, reason: RegExp) => {
    const socket = await openRaw(relay.url, room)
    socket.send(frame)
    const closed = await socket.closed
    expect(closed.code).toBe(code)
    expect(closed.reason).toMatch(reason)
    await bystanderStillServed()
  }

  it('closes an update with deletions as forbidden and keeps it out of the room', async () => {
    const doc = new Y.Doc()
    doc.getArray('messages').push(['kept', 'deleted'])
    const stored = Y.encodeStateAsUpdate(doc)
    const writer = connectClient(relay.url, 'victim', { durable: true })
    clients.push(writer)
    await writer.synced()
    Y.applyUpdate(writer.doc, stored)
    await writer.durableNow()

    const before = Y.encodeStateVector(doc)
    doc.getArray('messages').delete(1, 1)
    await expectClose(
      encodeUpdate(Y.encodeStateAsUpdate(doc, before)),
      'victim',
      4403,
      /^forbidden update: deletions/,
    )
    const reader = connectClient(relay.url, 'victim')
    clients.push(reader)
    await reader.synced()
    await waitFor(() => reader.entries().length === 2, TIMEOUT_MS, 'room intact')
    expect(reader.entries()).toEqual(['kept', 'deleted'])
  })

  it('rejects nested types, other roots and oversized entries with their reasons', async () => {
    const nested = updateOf((doc) => doc.getArray('messages').push([new Y.Map()]))
    await expectClose(encodeUpdate(nested), 'r1', 4403, /nested type/)
    const otherRoot = updateOf((doc) => doc.getMap('admin').set('owner', 'me'))
    await expectClose(encodeUpdate(otherRoot), 'r1', 4403, /map keys|root/)
    const huge = updateOf((doc) => doc.getArray('messages').push([{ text: 'x'.repeat(20_000) }]))
    await expectClose(encodeUpdate(huge), 'r1', 4413, /^too large: entry of \d+ bytes/)
    expect(
      await readMetric(relay.port, 'parley_updates_rejected_total{reason="forbidden"}'),
    ).toBeGreaterThanOrEqual(3)
  })

  it('closes garbage, truncated and unknown frames as bad requests', async () => {
    await expectClose(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 'r2', 4400, /malformed frame/)
    const update = encodeUpdate(updateOf((doc) => doc.getArray('messages').push(['hello'])))
    await expectClose(update.slice(0, update.length - 3), 'r2', 4400, /malformed/)
    const unknown = encoding.createEncoder()
    encoding.writeVarUint(unknown, 42)
    await expectClose(encoding.toUint8Array(unknown), 'r2', 4400, /unknown message type 42/)
    await expectClose('{"hello":"text"}', 'r2', 4400, /text frames/)
  })

  it('closes an invalid room name with a reason', async () => {
    const socket = await openRaw(relay.url, 'bad%20name!')
    expect(await socket.closed).toEqual({ code: 4400, reason: 'bad request: invalid room name' })
    await bystanderStillServed()
  })

  it('closes a frame over the size limit', async () => {
    const socket = await openRaw(relay.url, 'r3')
    socket.send(new Uint8Array(33 * 1024 * 1024))
    expect((await socket.closed).code).toBe(1009)
    await bystanderStillServed()
  })

  it('rate-limits a flooding connection and keeps serving others', async () => {
    const socket = await openRaw(relay.url, 'flood')
    const queryAwareness = new Uint8Array([3])
    for (let i = 0; i < 5_000 && socket.ws.readyState === socket.ws.OPEN; i++) socket.send(queryAwareness)
    const closed = await socket.closed
    expect(closed).toEqual({ code: 4529, reason: 'rate limited: too many messages' })
    await bystanderStillServed()
  })

  it('refuses connections over the per-address limit with a reason, and serves again once they close', async () => {
    const sockets = await Promise.all(Array.from({ length: 10 }, () => openRaw(relay.url, 'crowd')))
    const refusals: Array<{ code: number; reason: string }> = []
    const extra = []
    for (let i = 0; i < 15; i++) {
      const socket = await openRaw(relay.url, 'crowd')
      extra.push(socket)
      void socket.closed.then((closed) => refusals.push(closed))
    }
    await waitFor(() => refusals.length >= 5, TIMEOUT_MS, 'refusals')
    expect(refusals[0]).toEqual({ code: 4529, reason: 'rate limited: too many connections' })
    for (const socket of [...sockets, ...extra]) socket.ws.close()
    await Promise.all([...sockets, ...extra].map((socket) => socket.closed))
    await bystanderStillServed()
    const again = await openRaw(relay.url, 'crowd')
    await waitFor(() => again.frames.length > 0, TIMEOUT_MS, 'sync step 1 from the relay')
    again.ws.close()
  })
})
