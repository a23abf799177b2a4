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
import { waitFor } from '../test/waitFor.js'
import { createCompactor } from './compaction.js'
import { createRelayMetrics } from './metrics.js'
import { createPersister } from './persister.js'
import { type Connection, Room, type RoomLimits } from './room.js'
import { createMemoryStore } from './store/memoryStore.js'

const LIMITS: RoomLimits = {
  maxEntryBytes: 1024,
  maxRoomBytes: 10_000,
  maxParkedPerConnection: 4,
  maxParkedBytesPerRoom: 2_000,
  parkedTtlMs: 60_000,
  maxAwarenessStateBytes: 256,
  maxClientIdsPerConnection: 2,
  maxRefusalBurst: 3,
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

function entriesUpdate(...entries: unknown[]): Uint8Array {
  const doc = new Y.Doc()
  doc.getArray('messages').push(entries)
  return Y.encodeStateAsUpdate(doc)
}

function openRoom(store: FaultyStore = createFaultyStore(createMemoryStore()), limits = LIMITS) {
  const persister = createPersister(store)
  const metrics = createRelayMetrics()
  const compactor = createCompactor({
    store,
    merge: async (updates) => Y.mergeUpdates(updates),
    metrics,
    log: pino({ level: 'silent' }),
    compactAfterUpdates: 500,
  })
  const room = new Room({ name: 'r', stored: [], persister, compactor, limits, metrics })
  return { room, persister, store, metrics }
}

/** A writer's updates, one entry each, in the order it wrote them. */
function writerUpdates(count: number, clientID: number): Uint8Array[] {
  const doc = new Y.Doc()
  doc.clientID = clientID
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let i = 0; i < count; i++) doc.getArray('messages').push([{ i }])
  return updates
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
    const [a1, a2] = writerUpdates(2, 1)
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
    const doc = new Y.Doc()
    doc.clientID = 5
    doc.getArray('messages').push([{ fine: true }, { text: 'x'.repeat(2_000) }])
    room.receive(alice, { type: 'update', update: Y.encodeStateAsUpdate(doc) })
    room.receive(stock, { type: 'update', update: Y.encodeStateAsUpdate(doc) })
    expect(room.doc.getArray('messages').length).toBe(0)
    expect(alice.closed).toBeNull()
    expect(stock.closed).toBeNull()
    expect(alice.refusals()).toEqual([
      {
        code: 4413,
        reason: 'too large: entry of 2011 bytes over 1024',
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
    const { room } = openRoom(undefined, { ...LIMITS, maxRoomBytes: 200 })
    const alice = recordingConnection()
    room.join(alice)
    room.receive(alice, { type: 'refusalsSubscribe' })
    room.receive(alice, { type: 'update', update: entriesUpdate('x'.repeat(100)) })
    room.receive(alice, { type: 'update', update: entriesUpdate('y'.repeat(150)) })
    expect(alice.refusals().map((r) => r.reason)).toEqual(['too large: room is full (200 bytes)'])
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
    const [first, second, third] = writerUpdates(3, 9)
    const asked = tab2.syncStep1s()
    room.receive(tab2, { type: 'update', update: third as Uint8Array })
    room.receive(tab2, { type: 'update', update: second as Uint8Array })
    expect(room.doc.getArray('messages').length).toBe(0)
    expect(room.doc.store.pendingStructs).toBeNull()
    expect(tab2.syncStep1s()).toBeGreaterThan(asked)
    room.receive(tab1, { type: 'update', update: first as Uint8Array })
    expect(room.doc.getArray('messages').toJSON()).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }])
    expect(room.doc.store.pendingStructs).toBeNull()
    expect(tab1.frames.length).toBeGreaterThan(2) // tab1 received the parked updates once applied
    await room.written
  })

  it('bounds what one connection may have waiting and refuses the rest with a reason', () => {
    const { room, metrics } = openRoom()
    const attacker = recordingConnection()
    room.join(attacker)
    room.receive(attacker, { type: 'refusalsSubscribe' })
    for (let i = 0; i < LIMITS.maxParkedPerConnection + 2; i++) {
      room.receive(attacker, { type: 'update', update: handEntry(100 + i, 5, 'dangling') })
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
    const doc = new Y.Doc()
    doc.clientID = 77
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    doc.getArray('messages').push([{ text: 'x'.repeat(2_000) }])
    doc.getArray('messages').push([{ text: 'after it' }])
    room.receive(alice, { type: 'update', update: updates[0] as Uint8Array })
    room.receive(alice, { type: 'update', update: updates[1] as Uint8Array })
    expect(alice.refusals().map((r) => r.reason)).toEqual([
      'too large: entry of 2011 bytes over 1024',
      'missing dependency: it depends on entries the relay refused',
    ])
  })

  it('refuses what waited too long', async () => {
    const { room } = openRoom(undefined, { ...LIMITS, parkedTtlMs: 50 })
    const alice = recordingConnection()
    room.join(alice)
    room.receive(alice, { type: 'refusalsSubscribe' })
    room.receive(alice, { type: 'update', update: handEntry(123, 3, 'never') })
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
