import { decodeDurable, ProtocolError } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import * as awarenessModule from 'y-protocols/awareness'
import * as Y from 'yjs'
import { createRelayMetrics } from './metrics.js'
import { createPersister } from './persister.js'
import { type Connection, Room, type RoomLimits } from './room.js'
import { createMemoryStore } from './store/memoryStore.js'
import type { RoomStore } from './store/types.js'

const LIMITS: RoomLimits = { maxEntryBytes: 1024, maxRoomBytes: 10_000, maxBufferedBytes: 1_000_000 }

/** An in-memory connection that records what the room sends it. */
function recordingConnection(): Connection & {
  frames: Uint8Array[]
  closed: { code: number; reason: string } | null
} {
  return {
    frames: [],
    closed: null,
    bufferedAmount: 0,
    send(frame) {
      this.frames.push(frame)
    },
    close(code, reason) {
      this.closed = { code, reason }
    },
  }
}

function entriesUpdate(...entries: unknown[]): Uint8Array {
  const doc = new Y.Doc()
  doc.getArray('messages').push(entries)
  return Y.encodeStateAsUpdate(doc)
}

function openRoom(store: RoomStore = createMemoryStore(), limits = LIMITS) {
  // Wired as the registry wires it: the room learns when its batch is written and committed.
  let room: Room | null = null
  const persister = createPersister(store, {
    beforeWrite: () => room?.beforeWrite(),
    onStored: () => room?.stored(),
  })
  room = new Room({ name: 'r', updates: [], persister, limits, metrics: createRelayMetrics() })
  return { room, persister, store }
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

  it('acknowledges durable state to subscribers after the commit', async () => {
    const { room } = openRoom()
    const alice = recordingConnection()
    room.join(alice)
    room.receive(alice, { type: 'durableSubscribe' })
    expect(decodeDurable(alice.frames.at(-1) as Uint8Array)?.size).toBe(0)
    const update = entriesUpdate('a', 'b')
    room.receive(alice, { type: 'update', update })
    await room.written
    const durable = decodeDurable(alice.frames.at(-1) as Uint8Array)
    expect([...(durable?.values() ?? [])]).toEqual([2])
  })

  it('refuses a forbidden update with a ProtocolError and leaves the doc unchanged', () => {
    const { room } = openRoom()
    const alice = recordingConnection()
    room.join(alice)
    const doc = new Y.Doc()
    doc.getMap('messages').set('k', 1)
    expect(() => room.receive(alice, { type: 'update', update: Y.encodeStateAsUpdate(doc) })).toThrow(
      ProtocolError,
    )
    expect(room.doc.share.size).toBe(0)
  })

  it('refuses updates once the room is full', () => {
    const { room } = openRoom(createMemoryStore(), { ...LIMITS, maxRoomBytes: 200 })
    const alice = recordingConnection()
    room.join(alice)
    room.receive(alice, { type: 'update', update: entriesUpdate('x'.repeat(100)) })
    expect(() => room.receive(alice, { type: 'update', update: entriesUpdate('y'.repeat(150)) })).toThrow(
      /room is full/,
    )
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

  it('closes a connection that does not read instead of buffering without end', () => {
    const { room } = openRoom()
    const slow = { ...recordingConnection(), bufferedAmount: LIMITS.maxBufferedBytes + 1 }
    const alice = recordingConnection()
    room.join(alice)
    room.join(slow)
    room.receive(alice, { type: 'update', update: entriesUpdate('hi') })
    expect(slow.closed?.code).toBe(4508)
  })

  it('refuses writes while the store is failing, and takes them again once it recovers', async () => {
    const inner = createMemoryStore()
    let failing = true
    let failures = 0
    const store: RoomStore = {
      ...inner,
      async append(batch) {
        if (failing) {
          failures++
          throw new Error('SQLITE_FULL: database or disk is full')
        }
        await inner.append(batch)
      },
    }
    const { room, persister } = openRoom(store)
    const alice = recordingConnection()
    room.join(alice)
    room.receive(alice, { type: 'update', update: entriesUpdate('first') })
    await new Promise<void>((resolve) => {
      const check = () => (failures > 0 ? resolve() : setImmediate(check))
      check()
    })
    expect(persister.healthy).toBe(false)
    expect(() => room.receive(alice, { type: 'update', update: entriesUpdate('second') })).toThrow(
      /unavailable: storage is failing/,
    )
    failing = false
    await room.written
    expect(persister.healthy).toBe(true)
    expect((await inner.load('r')).length).toBe(1)
  })

  it('removes a leaving connection’s awareness for everyone', () => {
    const { room } = openRoom()
    const alice = recordingConnection()
    const bob = recordingConnection()
    room.join(alice)
    room.join(bob)
    const aliceDoc = new Y.Doc()
    const { Awareness, encodeAwarenessUpdate } = awarenessModule
    const aliceAwareness = new Awareness(aliceDoc)
    aliceAwareness.setLocalState({ user: { name: 'Alice' } })
    room.receive(alice, {
      type: 'awareness',
      update: encodeAwarenessUpdate(aliceAwareness, [aliceDoc.clientID]),
    })
    expect(room.awareness.getStates().has(aliceDoc.clientID)).toBe(true)
    room.leave(alice)
    expect(room.awareness.getStates().has(aliceDoc.clientID)).toBe(false)
    aliceAwareness.destroy()
  })
})
