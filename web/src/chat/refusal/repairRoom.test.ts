import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type Appended, appendMessage, entriesNotIn, getLog } from '../../room'
import { createTestPerson, docWithClient } from '../../room/testing'
import type { Refusal, RoomConnection, RoomState } from '../../sync'
import { createStateStore } from '../../sync/linkState'
import { memoryStorage } from '../../testing/memoryStorage'
import { loadArchive, recordRepair } from './refusedArchive'
import { ARCHIVE_FAILED, canRepair, REPAIR_NEEDS_RELAY, repairRoom, resumeRepair } from './repairRoom'

const alice = await createTestPerson('Alice')

/** A room as openRoom hands it out: a doc and its state store, without a relay behind it. */
function connectionOf(doc: Y.Doc, roomId = 'room') {
  const store = createStateStore()
  const connection: RoomConnection = {
    roomId,
    doc,
    awareness: undefined as never,
    signals: undefined as never,
    getState: store.get,
    subscribe: store.subscribe,
    whenLoaded: Promise.resolve(),
    whenLocalHistory: Promise.resolve(),
    saveLocal: () => {},
    close: async () => {},
  }
  return { connection, store }
}

const online: Partial<RoomState> = { status: 'online', synced: true, loaded: true }

describe('canRepair', () => {
  it('needs the history and the relay: online and synced, or closed for good by it', () => {
    const state = createStateStore().get()
    expect(canRepair({ ...state, ...online })).toBe(true)
    expect(canRepair({ ...state, ...online, loaded: false })).toBe(false)
    expect(canRepair({ ...state, ...online, synced: false })).toBe(false)
    expect(canRepair({ ...state, ...online, status: 'reconnecting' })).toBe(false)
    expect(canRepair({ ...state, loaded: true, status: 'offline', error: 'The relay refused data' })).toBe(
      true,
    )
  })
})

describe('repairRoom', () => {
  it('writes the plan down, then closes the room; refuses to start offline or without storage', async () => {
    const doc = docWithClient(3)
    const writer = alice.writer(doc)
    const stored = (await appendMessage(writer, 'stored')) as Appended
    const big = (await appendMessage(writer, 'big one')) as Appended
    const after = (await appendMessage(writer, 'after it')) as Appended
    const refusal: Refusal = {
      code: 4413,
      reason: 'too large: entry of 5123 bytes over 2048',
      offending: [{ client: 3, clock: 1, length: 1 }],
      dropped: [{ client: 3, clock: 1, length: 2 }],
    }
    const { store } = connectionOf(doc)
    let closed = 0
    const room = {
      roomId: 'room',
      key: alice.key,
      getState: store.get,
      unsentEntries: (durable: ReadonlyMap<number, number>) => entriesNotIn(doc, durable),
      close: async () => {
        closed++
      },
    }
    const storage = memoryStorage()
    expect(await repairRoom(room, { storage })).toBe(REPAIR_NEEDS_RELAY)
    store.update({ ...online, durable: new Map([[3, 1]]), refusals: [refusal] })
    const full = {
      ...memoryStorage(),
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError')
      },
    }
    expect(await repairRoom(room, { storage: full })).toBe(ARCHIVE_FAILED)
    expect(closed).toBe(0)

    expect(await repairRoom(room, { storage, now: 7 })).toBeNull()
    expect(closed).toBe(1)
    const archive = loadArchive('room', storage)
    expect(archive.kept.map((entry) => entry.value)).toEqual([big.envelope])
    expect(archive.pending).toEqual([after.envelope])
    expect(archive.pending).not.toContainEqual(stored.envelope)
  })
})

describe('resumeRepair', () => {
  it('appends the pending entries once synced, skips ids already there, finishes once they are stored', async () => {
    const storage = memoryStorage()
    const old = docWithClient(1)
    const writer = alice.writer(old)
    const there = (await appendMessage(writer, 'on the relay already'))?.envelope
    const pending = (await appendMessage(writer, 'to send again'))?.envelope
    recordRepair('room', { keep: [], pending: [there, pending] }, storage)

    const fresh = docWithClient(2)
    getLog(fresh).push([there])
    const { connection, store } = connectionOf(fresh)
    resumeRepair(connection, alice.key, storage)
    store.update({ loaded: true })
    expect(getLog(fresh).length).toBe(1)
    store.update({ synced: true })
    expect(getLog(fresh).toArray()).toEqual([there, pending])
    expect(loadArchive('room', storage).pending).toHaveLength(2)
    store.update({ durable: new Map([[2, 2]]) })
    expect(loadArchive('room', storage).pending).toEqual([])
    store.update({ synced: false })
    store.update({ synced: true })
    expect(getLog(fresh).length).toBe(2)
  })

  it('does nothing for a room without a repair in progress, and stops when asked', () => {
    const storage = memoryStorage()
    const { connection, store } = connectionOf(new Y.Doc())
    resumeRepair(connection, alice.key, storage)()
    recordRepair('room', { keep: [], pending: [{ v: 1, id: 'x' }] }, storage)
    const stop = resumeRepair(connection, alice.key, storage)
    stop()
    store.update({ loaded: true, synced: true })
    expect(getLog(connection.doc).length).toBe(0)
  })
})
