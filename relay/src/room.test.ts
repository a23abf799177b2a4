import {
  CLOSE_FORBIDDEN_UPDATE,
  CLOSE_MISSING_DEPENDENCY,
  CLOSE_UNAVAILABLE,
  decodeDurable,
  MESSAGE_REFUSED,
  MESSAGE_SYNC,
  type Refusal,
  readRefused,
  SYNC_STEP1,
} from '@parley/protocol'
import * as decoding from 'lib0/decoding'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createFaultyStore, type FaultyStore } from '../test/faultyStore.js'
import { handEntry } from '../test/handEncoded.js'
import { bodyOf, createTestSigner, type TestSigner } from '../test/signing.js'
import { createWriter, signedUpdate, writerUpdates } from '../test/updates.js'
import { waitFor } from '../test/waitFor.js'
import { createCompactor } from './compaction.js'
import { createRelayMetrics } from './metrics.js'
import { createPersister } from './persister.js'
import { type Connection, Room, type RoomLimits } from './room.js'
import { createEd25519Verifier } from './signatures.js'
import { createMemoryStore } from './store/memoryStore.js'

const verify = createEd25519Verifier()
const LIMITS: RoomLimits = {
  maxEntryBytes: 1024,
  maxRoomBytes: 10_000,
  maxParkedPerConnection: 4,
  maxParkedBytesPerRoom: 2_000,
  parkedTtlMs: 60_000,
  maxAwarenessStateBytes: 256,
  maxClientIdsPerConnection: 2,
  maxRefusalBurst: 3,
  maxSignalBytes: 64,
  signalsPerSecond: 1,
  signalBurst: 2,
}

/** An in-memory connection that records what the room sends it. */
function recordingConnection() {
  const connection = {
    frames: [] as Uint8Array[],
    closed: null as { code: number; reason: string } | null,
    probes: 0,
    send(frame: Uint8Array) {
      connection.frames.push(frame)
    },
    close(code: number, reason: string) {
      connection.closed = { code, reason }
    },
    probe() {
      connection.probes++
    },
    refusals(): Refusal[] {
      return connection.frames.flatMap((frame) => {
        const decoder = decoding.createDecoder(frame)
        return decoding.readVarUint(decoder) === MESSAGE_REFUSED ? [readRefused(decoder)] : []
      })
    },
    syncStep1s(): number {
      return connection.frames.filter((frame) => frame[0] === MESSAGE_SYNC && frame[1] === SYNC_STEP1).length
    },
  }
  return connection satisfies Connection
}

const entriesUpdate = (...values: unknown[]) => signedUpdate('r', ...values)

function openRoom(store: FaultyStore = createFaultyStore(createMemoryStore()), limits = LIMITS, name = 'r') {
  const persister = createPersister(store)
  const metrics = createRelayMetrics()
  const compactor = createCompactor({
    store,
    merge: async (updates) => Y.mergeUpdates(updates),
    metrics,
    log: pino({ level: 'silent' }),
    compactAfterUpdates: 500,
    compactIntervalMs: 30_000,
  })
  const room = new Room({ name, stored: [], persister, compactor, limits, metrics, verify })
  return { room, persister, store, metrics }
}

describe('Room', () => {
  it('forwards an update to the others, not back to its sender, and stores it', async () => {
    const { room, store } = openRoom()
    const alice = recordingConnection()
    const bob = recordingConnection()
    room.join(alice)
    room.join(bob)
    const sentToAlice = alice.frames.length
    room.receive(alice, { type: 'update', update: entriesUpdate('hello') })
    expect(alice.frames).toHaveLength(sentToAlice)
    expect(bob.frames.length).toBeGreaterThan(1)
    await room.written
    expect((await store.load('r')).length).toBe(1)
  })

  it('acknowledges once per commit, covering every update of the batch', async () => {
    const { room } = openRoom()
    const alice = recordingConnection()
    const bob = recordingConnection()
    room.join(alice)
    room.join(bob)
    room.receive(alice, { type: 'durableSubscribe' })
    expect(decodeDurable(alice.frames.at(-1) as Uint8Array)?.size).toBe(0)
    const [a1, a2] = writerUpdates('r', 2, 1)
    room.receive(alice, { type: 'update', update: a1 as Uint8Array })
    room.receive(bob, { type: 'update', update: entriesUpdate('from bob') })
    room.receive(alice, { type: 'update', update: a2 as Uint8Array })
    const framesBefore = alice.frames.length
    await room.written
    const acks = alice.frames.slice(framesBefore).map((frame) => decodeDurable(frame))
    expect(acks).toHaveLength(1)
    expect(acks[0]?.get(1)).toBe(2)
    expect(acks[0]?.size).toBe(2)
  })

  it('refuses a forbidden update without closing, tells a subscriber which entry and why', () => {
    const { room } = openRoom()
    const alice = recordingConnection()
    const stock = recordingConnection()
    room.join(alice)
    room.join(stock)
    room.receive(alice, { type: 'refusalsSubscribe' })
    const update = createWriter('r', { clientID: 5 }).push({ fine: true }, { text: 'x'.repeat(2_000) })
    room.receive(alice, { type: 'update', update })
    room.receive(stock, { type: 'update', update })
    expect(room.doc.getArray('messages').length).toBe(0)
    expect(alice.closed).toBeNull()
    expect(stock.closed).toBeNull()
    expect(alice.refusals()).toEqual([
      {
        code: 4413,
        reason: expect.stringMatching(/^too large: entry of \d+ bytes over 1024$/),
        offending: [{ client: 5, clock: 1, length: 1 }],
        dropped: [{ client: 5, clock: 0, length: 2 }],
      },
    ])
    expect(stock.refusals()).toEqual([]) // a stock client never opted in
  })

  it('keeps serving a refused connection and closes it only after repeated refusals', () => {
    const { room } = openRoom()
    const alice = recordingConnection()
    const bob = recordingConnection()
    room.join(alice)
    room.join(bob)
    const forbidden = new Y.Doc()
    forbidden.getMap('messages').set('k', 1)
    room.receive(alice, { type: 'update', update: Y.encodeStateAsUpdate(forbidden) })
    const before = alice.frames.length
    room.receive(bob, { type: 'update', update: entriesUpdate('still reaches alice') })
    expect(alice.frames.length).toBe(before + 1)
    for (let i = 0; i < LIMITS.maxRefusalBurst; i++) {
      expect(alice.closed).toBeNull()
      room.receive(alice, { type: 'update', update: Y.encodeStateAsUpdate(forbidden) })
    }
    expect(alice.closed).toEqual({
      code: CLOSE_FORBIDDEN_UPDATE,
      reason: 'forbidden update: map keys are not allowed',
    })
  })

  it('refuses updates once the room is full', () => {
    const first = entriesUpdate('x'.repeat(100))
    const second = entriesUpdate('y'.repeat(150))
    const maxRoomBytes = first.byteLength + second.byteLength - 1
    const { room } = openRoom(undefined, { ...LIMITS, maxRoomBytes })
    const alice = recordingConnection()
    room.join(alice)
    room.receive(alice, { type: 'refusalsSubscribe' })
    room.receive(alice, { type: 'update', update: first })
    room.receive(alice, { type: 'update', update: second })
    expect(alice.refusals().map((r) => r.reason)).toEqual([`too large: room is full (${maxRoomBytes} bytes)`])
    expect(room.doc.getArray('messages').length).toBe(1)
  })

  it('ignores an update it already has without storing it again', async () => {
    const { room, store } = openRoom()
    const alice = recordingConnection()
    room.join(alice)
    const update = entriesUpdate('once')
    room.receive(alice, { type: 'update', update })
    room.receive(alice, { type: 'update', update })
    await room.written
    expect((await store.stats('r')).updates).toBe(1)
  })
})

describe('Room with updates whose dependencies are missing', () => {
  it('keeps them out of Yjs, asks the sender for what is missing, and applies them once it arrives', async () => {
    const { room } = openRoom()
    const tab1 = recordingConnection()
    const tab2 = recordingConnection()
    room.join(tab1)
    room.join(tab2)
    const [first, second, third] = writerUpdates('r', 3, 9)
    const asked = tab2.syncStep1s()
    room.receive(tab2, { type: 'update', update: third as Uint8Array })
    room.receive(tab2, { type: 'update', update: second as Uint8Array })
    expect(room.doc.getArray('messages').length).toBe(0)
    expect(room.doc.store.pendingStructs).toBeNull()
    expect(tab2.syncStep1s()).toBeGreaterThan(asked)
    room.receive(tab1, { type: 'update', update: first as Uint8Array })
    expect(room.doc.getArray('messages').toJSON().map(bodyOf)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }])
    expect(room.doc.store.pendingStructs).toBeNull()
    expect(tab1.frames.length).toBeGreaterThan(2) // tab1 received the parked updates once applied
    await room.written
  })

  it('bounds what one connection may have waiting and refuses the rest with a reason', () => {
    const { room, metrics } = openRoom()
    const mallory = createTestSigner()
    const attacker = recordingConnection()
    room.join(attacker)
    room.receive(attacker, { type: 'refusalsSubscribe' })
    for (let i = 0; i < LIMITS.maxParkedPerConnection + 2; i++) {
      room.receive(attacker, { type: 'update', update: handEntry(100 + i, 5, mallory.seal('r', { v: 2 })) })
    }
    const refusals = attacker.refusals()
    expect(refusals).toHaveLength(2)
    expect(refusals[0]).toMatchObject({
      code: CLOSE_MISSING_DEPENDENCY,
      reason: `missing dependency: more than ${LIMITS.maxParkedPerConnection} updates waiting for entries the relay never received`,
      dropped: [{ client: 100 + LIMITS.maxParkedPerConnection, clock: 5, length: 1 }],
    })
    expect(room.doc.store.pendingStructs).toBeNull()
    expect(metrics.updatesRejected.labels({ reason: 'missingDependency' })).toBeDefined()
  })

  it('refuses at once what depends on an entry it refused from the same connection', () => {
    const { room } = openRoom()
    const alice = recordingConnection()
    room.join(alice)
    room.receive(alice, { type: 'refusalsSubscribe' })
    const writer = createWriter('r', { clientID: 77 })
    room.receive(alice, { type: 'update', update: writer.push({ text: 'x'.repeat(2_000) }) })
    room.receive(alice, { type: 'update', update: writer.push({ text: 'after it' }) })
    expect(alice.refusals().map((r) => r.reason)).toEqual([
      expect.stringMatching(/^too large: entry of \d+ bytes over 1024$/),
      'missing dependency: it depends on entries the relay refused',
    ])
  })

  it('refuses what waited too long', async () => {
    const { room } = openRoom(undefined, { ...LIMITS, parkedTtlMs: 50 })
    const alice = recordingConnection()
    room.join(alice)
    room.receive(alice, { type: 'refusalsSubscribe' })
    room.receive(alice, { type: 'update', update: handEntry(123, 3, createTestSigner().seal('r', { v: 2 })) })
    const [refusal] = await waitFor(() => alice.refusals().length > 0 && alice.refusals(), 2_000, 'expiry')
    expect(refusal?.reason).toBe('missing dependency: what it depends on never arrived')
    room.destroy(1000, 'done')
  })
})

describe('Room with a failing store', () => {
  it('refuses writes as unavailable without a strike, and asks for them again once the store recovers', async () => {
    const store = createFaultyStore(createMemoryStore())
    const { room, persister } = openRoom(store)
    const alice = recordingConnection()
    room.join(alice)
    room.receive(alice, { type: 'refusalsSubscribe' })
    store.appendMode = 'failing'
    room.receive(alice, { type: 'update', update: entriesUpdate('first') })
    await store.attempts(1)
    await persister.flush(0)
    expect(persister.health.ok).toBe(false)
    for (let i = 0; i < LIMITS.maxRefusalBurst + 2; i++) {
      room.receive(alice, { type: 'update', update: entriesUpdate(`refused ${i}`) })
    }
    expect(alice.closed).toBeNull()
    expect(alice.refusals().every((r) => r.code === CLOSE_UNAVAILABLE)).toBe(true)
    const asked = alice.syncStep1s()
    store.appendMode = 'ok'
    await room.written
    await waitFor(() => alice.syncStep1s() > asked, 5_000, 'a syncStep1 after recovery')
    expect((await store.load('r')).length).toBe(1)
  })
})

describe('Room signatures and client ids', () => {
  it('refuses unsigned, badly signed and replayed entries, naming the entry', () => {
    const { room } = openRoom()
    const alice = recordingConnection()
    room.join(alice)
    room.receive(alice, { type: 'refusalsSubscribe' })
    const unsigned = new Y.Doc()
    unsigned.clientID = 8
    unsigned.getArray('messages').push([{ v: 1, type: 'message', text: 'no signature' }])
    room.receive(alice, { type: 'update', update: Y.encodeStateAsUpdate(unsigned) })
    const signer = createTestSigner()
    const tampered = new Y.Doc()
    const envelope = signer.seal('r', { v: 2, text: 'pay 5 EUR' })
    tampered.getArray('messages').push([{ ...envelope, body: envelope.body.replace('5 EUR', '5000 EUR') }])
    room.receive(alice, { type: 'update', update: Y.encodeStateAsUpdate(tampered) })
    const replayed = new Y.Doc()
    replayed.getArray('messages').push([signer.seal('another-room', { v: 2, text: 'hi' })])
    room.receive(alice, { type: 'update', update: Y.encodeStateAsUpdate(replayed) })
    expect(alice.refusals().map((r) => [r.code, r.reason])).toEqual([
      [4403, 'forbidden update: entry is not a signed envelope'],
      [4403, 'forbidden update: bad signature'],
      [4403, 'forbidden update: bad signature'],
    ])
    expect(alice.refusals()[0]?.offending).toEqual([{ client: 8, clock: 0, length: 1 }])
    expect(room.doc.getArray('messages').length).toBe(0)
  })

  it('refuses a write under another key’s client id, even at the victim’s next clock while they are away', async () => {
    const { room, store } = openRoom()
    const victim = recordingConnection()
    const attacker = recordingConnection()
    room.join(victim)
    room.join(attacker)
    room.receive(attacker, { type: 'refusalsSubscribe' })
    room.receive(attacker, { type: 'durableSubscribe' })
    const victimWriter = createWriter('r', { clientID: 4242 })
    room.receive(victim, { type: 'update', update: victimWriter.push({ text: 'pay 5 EUR' }) })
    room.leave(victim)
    // The attacker writes under the victim's client id at their next clock, signed with its own key.
    const hijack = createWriter('r')
    Y.applyUpdate(hijack.doc, Y.encodeStateAsUpdate(victimWriter.doc))
    hijack.doc.clientID = 4242 // set after: Yjs moves off a client id it sees in a remote update
    room.receive(attacker, { type: 'update', update: hijack.push({ text: 'pay 5000 EUR' }) })
    expect(attacker.refusals().at(-1)).toMatchObject({
      code: 4403,
      reason: 'forbidden update: client id 4242 belongs to another key',
    })
    // The victim comes back and writes their next entry: it is stored.
    const back = recordingConnection()
    room.join(back)
    room.receive(back, { type: 'update', update: victimWriter.push({ text: 'and 2 EUR' }) })
    await room.written
    const stored = new Y.Doc()
    for (const update of await store.load('r')) Y.applyUpdate(stored, update)
    expect(stored.getArray('messages').length).toBe(2)
    // The attacker is never told that the victim's client id is stored.
    const lastAck = attacker.frames.filter((frame) => decodeDurable(frame) !== null).at(-1) as Uint8Array
    expect(decodeDurable(lastAck)?.has(4242)).toBe(false)
  })

  it('refuses an entry that claims an id someone else already wrote, and never acknowledges it to them', async () => {
    const { room } = openRoom()
    const first = recordingConnection()
    const second = recordingConnection()
    room.join(first)
    room.join(second)
    room.receive(second, { type: 'refusalsSubscribe' })
    room.receive(second, { type: 'durableSubscribe' })
    room.receive(first, { type: 'update', update: createWriter('r', { clientID: 99 }).push('first at 99:0') })
    room.receive(second, { type: 'update', update: createWriter('r', { clientID: 99 }).push('mine at 99:0') })
    expect(second.refusals().at(-1)?.reason).toBe('forbidden update: client id 99 belongs to another key')
    await room.written
    const acks = second.frames.map((frame) => decodeDurable(frame)).filter((ack) => ack !== null)
    expect(acks.at(-1)?.has(99)).toBe(false)
  })
})

describe('Room rules at the relay', () => {
  /** One signed entry of `signer` with `body`, as its own update from a fresh client id. */
  const entryAfter = (room: Room, signer: TestSigner, body: Record<string, unknown>) => {
    const writer = createWriter(room.name, { signer })
    Y.applyUpdate(writer.doc, Y.encodeStateAsUpdate(room.doc))
    writer.doc.getArray('messages').push([signer.seal(room.name, { v: 2, ...body })])
    return writer.updates.at(-1) as Uint8Array
  }

  it('refuses entries of a banned key until a moderator restores it', () => {
    const { room } = openRoom()
    const [owner, mallory] = [createTestSigner(), createTestSigner()]
    const ownerSocket = recordingConnection()
    const mallorySocket = recordingConnection()
    room.join(ownerSocket)
    room.join(mallorySocket)
    room.receive(mallorySocket, { type: 'refusalsSubscribe' })
    room.receive(ownerSocket, { type: 'update', update: entryAfter(room, owner, { type: 'join' }) })
    room.receive(mallorySocket, {
      type: 'update',
      update: entryAfter(room, mallory, { type: 'message', text: 'spam' }),
    })
    room.receive(ownerSocket, {
      type: 'update',
      update: entryAfter(room, owner, { type: 'ban', target: mallory.key, on: true }),
    })
    room.receive(mallorySocket, {
      type: 'update',
      update: entryAfter(room, mallory, { type: 'message', text: 'more spam' }),
    })
    expect(mallorySocket.refusals().map((r) => [r.code, r.reason])).toEqual([
      [4403, 'forbidden update: this key is banned from the room'],
    ])
    room.receive(ownerSocket, {
      type: 'update',
      update: entryAfter(room, owner, { type: 'ban', target: mallory.key, on: false }),
    })
    room.receive(mallorySocket, {
      type: 'update',
      update: entryAfter(room, mallory, { type: 'message', text: 'sorry' }),
    })
    expect(mallorySocket.refusals().map((r) => r.reason)).toHaveLength(1)
    expect(room.doc.getArray('messages').length).toBe(5)
  })

  it('takes entries only from the members the first entry lists', () => {
    const { room } = openRoom()
    const [alice, bob, carol] = [createTestSigner(), createTestSigner(), createTestSigner()]
    const socket = recordingConnection()
    room.join(socket)
    room.receive(socket, { type: 'refusalsSubscribe' })
    room.receive(socket, {
      type: 'update',
      update: entryAfter(room, alice, { type: 'members', keys: [alice.key, bob.key] }),
    })
    room.receive(socket, {
      type: 'update',
      update: entryAfter(room, bob, { type: 'message', text: 'hi alice' }),
    })
    room.receive(socket, {
      type: 'update',
      update: entryAfter(room, carol, { type: 'message', text: 'let me in' }),
    })
    expect(socket.refusals().map((r) => r.reason)).toEqual([
      'forbidden update: only the room’s members may write here',
    ])
    expect(room.doc.getArray('messages').length).toBe(2)
  })

  it('refuses a first update whose own first entry closes the room to its writer', () => {
    const { room } = openRoom()
    const [alice, bob, mallory] = [createTestSigner(), createTestSigner(), createTestSigner()]
    const first = createWriter('r', { signer: alice })
    first.doc
      .getArray('messages')
      .push([alice.seal('r', { v: 2, type: 'members', keys: [alice.key, bob.key] })])
    const second = createWriter('r', { signer: mallory })
    Y.applyUpdate(second.doc, Y.encodeStateAsUpdate(first.doc))
    second.doc.getArray('messages').push([mallory.seal('r', { v: 2, type: 'message', text: 'smuggled' })])
    // One update carrying both, as a client passing on others' entries would send it.
    const both = Y.mergeUpdates([Y.encodeStateAsUpdate(first.doc), Y.encodeStateAsUpdate(second.doc)])
    const socket = recordingConnection()
    room.join(socket)
    room.receive(socket, { type: 'refusalsSubscribe' })
    room.receive(socket, { type: 'update', update: both })
    expect(socket.refusals()[0]?.reason).toBe('forbidden update: only the room’s members may write here')
    expect(room.doc.getArray('messages').length).toBe(0)
  })

  it('takes nothing but invitations in an inbox', () => {
    const inbox = 'inbox-AAAAAAAAAAAAAAAAAAAAAA'
    const { room } = openRoom(undefined, LIMITS, inbox)
    const [sender] = [createTestSigner()]
    const socket = recordingConnection()
    room.join(socket)
    room.receive(socket, { type: 'refusalsSubscribe' })
    room.receive(socket, {
      type: 'update',
      update: entryAfter(room, sender, { type: 'message', text: 'hello' }),
    })
    room.receive(socket, {
      type: 'update',
      update: entryAfter(room, sender, { type: 'invite', box: 'c2VhbGVk' }),
    })
    expect(socket.refusals().map((r) => r.reason)).toEqual([
      'forbidden update: an inbox takes only invitations',
    ])
    expect(room.doc.getArray('messages').length).toBe(1)
  })
})
