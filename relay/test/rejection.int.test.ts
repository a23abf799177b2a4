// Bad input against the real relay process: each offender gets a clear reason, a refused update
// ends that update and not the session, and everyone else carries on.
import {
  encodeRefusalsSubscribe,
  encodeUpdate,
  MESSAGE_REFUSED,
  type Refusal,
  readRefused,
} from '@parley/protocol'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readMetric, type TestClient } from './client.js'
import { openRaw, type RawSocket } from './rawSocket.js'
import { createWriter } from './updates.js'
import { useRelay } from './useRelay.js'
import { waitFor } from './waitFor.js'

const TIMEOUT_MS = 10_000

function updateOf(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  change(doc)
  return Y.encodeStateAsUpdate(doc)
}

function refusalsOf(socket: RawSocket): Refusal[] {
  return socket.frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame)
    return decoding.readVarUint(decoder) === MESSAGE_REFUSED ? [readRefused(decoder)] : []
  })
}

describe('bad input', () => {
  const relay = useRelay({ args: ['--max-connections-per-address', '20'] })
  const connect = relay.connect
  let bystander: TestClient

  beforeAll(async () => {
    bystander = connect('bystander', { durable: true })
    await bystander.synced()
  })

  /** After each offence, another room still syncs and stores. */
  const bystanderStillServed = async () => {
    bystander.append({ at: Date.now() })
    await bystander.durableNow()
  }

  /** Sends `update` on a raw socket that asked for refusals; resolves with the refusal. */
  const refusalFor = async (
    update: Uint8Array,
    room: string,
  ): Promise<{ socket: RawSocket; refusal: Refusal }> => {
    const socket = await openRaw(relay.url, room)
    socket.send(encodeRefusalsSubscribe())
    socket.send(encodeUpdate(update))
    const [refusal] = await waitFor(
      () => refusalsOf(socket).length > 0 && refusalsOf(socket),
      TIMEOUT_MS,
      'refusal',
    )
    if (refusal === undefined) throw new Error('no refusal')
    return { socket, refusal }
  }

  it('refuses an update with deletions, keeps the room intact and the sender reading', async () => {
    const source = createWriter('victim')
    source.push('kept', 'deleted')
    const doc = source.doc
    const writer = connect('victim', { durable: true })
    await writer.synced()
    Y.applyUpdate(writer.doc, Y.encodeStateAsUpdate(doc))
    await writer.durableNow()

    const before = Y.encodeStateVector(doc)
    doc.getArray('messages').delete(1, 1)
    const { socket, refusal } = await refusalFor(Y.encodeStateAsUpdate(doc, before), 'victim')
    expect(refusal).toMatchObject({ code: 4403, reason: 'forbidden update: deletions are not allowed' })
    // Still served: the next entry anyone writes reaches the refused socket.
    const framesBefore = socket.frames.length
    writer.append('after the refusal')
    await waitFor(() => socket.frames.length > framesBefore, TIMEOUT_MS, 'the refused socket to receive')
    expect(socket.ws.readyState).toBe(socket.ws.OPEN)
    socket.ws.close()

    const reader = connect('victim')
    await reader.synced()
    await waitFor(() => reader.entries().length === 3, TIMEOUT_MS, 'room intact')
    expect(reader.entries()).toEqual(['kept', 'deleted', 'after the refusal'])
    await bystanderStillServed()
  })

  it('refuses nested types, other roots and oversized entries with their reasons', async () => {
    const cases: Array<[Uint8Array, number, RegExp]> = [
      [updateOf((doc) => doc.getArray('messages').push([new Y.Map()])), 4403, /nested type/],
      [updateOf((doc) => doc.getMap('admin').set('owner', 'me')), 4403, /map keys|root/],
      [
        updateOf((doc) => doc.getArray('messages').push([{ text: 'x'.repeat(20_000) }])),
        4413,
        /^too large: entry of \d+ bytes/,
      ],
    ]
    for (const [update, code, reason] of cases) {
      const { socket, refusal } = await refusalFor(update, 'r1')
      expect(refusal.code).toBe(code)
      expect(refusal.reason).toMatch(reason)
      socket.ws.close()
    }
    expect(
      await readMetric(relay.port, 'parley_updates_rejected_total{reason="forbidden"}'),
    ).toBeGreaterThanOrEqual(2)
    await bystanderStillServed()
  })

  it('closes a connection that keeps sending refused updates, with the reason', async () => {
    const socket = await openRaw(relay.url, 'stubborn')
    const forbidden = encodeUpdate(updateOf((doc) => doc.getMap('messages').set('k', 1)))
    for (let i = 0; i < 20 && socket.ws.readyState === socket.ws.OPEN; i++) socket.send(forbidden)
    expect(await socket.closed).toEqual({ code: 4403, reason: 'forbidden update: map keys are not allowed' })
    await bystanderStillServed()
  })

  it('closes garbage, truncated and unknown frames as bad requests', async () => {
    const expectClose = async (frame: Uint8Array | string, reason: RegExp) => {
      const socket = await openRaw(relay.url, 'r2')
      socket.send(frame)
      const closed = await socket.closed
      expect(closed.code).toBe(4400)
      expect(closed.reason).toMatch(reason)
    }
    await expectClose(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), /malformed frame/)
    const update = encodeUpdate(updateOf((doc) => doc.getArray('messages').push(['hello'])))
    await expectClose(update.slice(0, update.length - 3), /malformed/)
    const unknown = encoding.createEncoder()
    encoding.writeVarUint(unknown, 42)
    await expectClose(encoding.toUint8Array(unknown), /unknown message type 42/)
    await expectClose('{"hello":"text"}', /text frames/)
    await bystanderStillServed()
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

  it('stores every one of 3,000 single-entry updates a stock client pushes in one loop, without a reconnect', async () => {
    const writer = connect('burst', { durable: true })
    await writer.synced()
    for (let i = 0; i < 3_000; i++) writer.append({ i })
    await writer.durableNow(30_000)
    expect(writer.closes).toEqual([])
    const reader = connect('burst')
    await reader.synced()
    await waitFor(() => reader.entries().length === 3_000, 30_000, 'all 3,000 entries')
    expect(reader.entries()[2_999]).toEqual({ i: 2_999 })
  })

  it('refuses to let one connection change or remove another person’s presence', async () => {
    const alice = connect('presence')
    const bob = connect('presence')
    await Promise.all([alice.synced(), bob.synced()])
    alice.awareness.setLocalStateField('user', { name: 'Alice' })
    await waitFor(
      () => bob.awareness.getStates().get(alice.doc.clientID)?.user?.name === 'Alice',
      TIMEOUT_MS,
      'alice',
    )

    const mallory = await openRaw(relay.url, 'presence')
    mallory.send(encodeRefusalsSubscribe())
    const spoof = (state: unknown) => {
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, 1) // awareness
      const inner = encoding.createEncoder()
      encoding.writeVarUint(inner, 1)
      encoding.writeVarUint(inner, alice.doc.clientID)
      encoding.writeVarUint(inner, 1_000)
      encoding.writeVarString(inner, JSON.stringify(state))
      encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner))
      return encoding.toUint8Array(encoder)
    }
    mallory.send(spoof({ user: { name: 'Mallory pretending' } }))
    mallory.send(spoof(null))
    await waitFor(() => refusalsOf(mallory).length >= 2, TIMEOUT_MS, 'two presence refusals')
    expect(refusalsOf(mallory)[0]?.reason).toBe(
      `presence: client ${alice.doc.clientID} belongs to another connection`,
    )
    // Bob still sees the real Alice; a later change of hers still arrives.
    alice.awareness.setLocalStateField('typing', true)
    await waitFor(
      () => bob.awareness.getStates().get(alice.doc.clientID)?.typing === true,
      TIMEOUT_MS,
      'typing',
    )
    expect(bob.awareness.getStates().get(alice.doc.clientID)?.user?.name).toBe('Alice')
    mallory.ws.close()
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
