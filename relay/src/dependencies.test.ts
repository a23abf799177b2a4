import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeHandUpdate, handEntry } from '../test/handEncoded.js'
import { dependenciesMet, missingDependencies } from './dependencies.js'
import { checkUpdate } from './rules.js'

const LIMITS = { maxEntryBytes: 16 * 1024 }

function missingFor(doc: Y.Doc, update: Uint8Array): Map<number, number> {
  const verdict = checkUpdate(update, LIMITS)
  if (!verdict.ok) throw new Error(verdict.reason)
  return missingDependencies(verdict.items, verdict.skips, (client) => Y.getState(doc.store, client))
}

/** Updates of one writer, one entry each, in the order written. */
function writerUpdates(count: number, clientID: number): Uint8Array[] {
  const doc = new Y.Doc()
  doc.clientID = clientID
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let i = 0; i < count; i++) doc.getArray('messages').push([{ i }])
  return updates
}

describe('missingDependencies', () => {
  it('finds nothing missing for an update that follows what the room has', () => {
    const room = new Y.Doc()
    const [first, second] = writerUpdates(2, 5)
    expect(missingFor(room, first as Uint8Array).size).toBe(0)
    Y.applyUpdate(room, first as Uint8Array)
    expect(missingFor(room, second as Uint8Array).size).toBe(0)
  })

  it('asks for the clocks before an item after a gap in its own client', () => {
    const room = new Y.Doc()
    expect(missingFor(room, handEntry(7, 5, 'late'))).toEqual(new Map([[7, 5]]))
  })

  it('asks for an unknown left or right origin, from another client', () => {
    const room = new Y.Doc()
    expect(missingFor(room, handEntry(7, 0, 'x', { client: 99, clock: 4 }))).toEqual(new Map([[99, 5]]))
    const right = encodeHandUpdate([
      {
        client: 7,
        clock: 0,
        structs: [
          { kind: 'item', rightOrigin: { client: 42, clock: 0 }, content: { kind: 'any', values: [1] } },
        ],
      },
    ])
    expect(missingFor(room, right)).toEqual(new Map([[42, 1]]))
  })

  it('counts items of the update itself as available, but not those after its own gap', () => {
    const room = new Y.Doc()
    const selfContained = encodeHandUpdate([
      { client: 1, clock: 0, structs: [{ kind: 'item', content: { kind: 'any', values: ['a'] } }] },
      {
        client: 2,
        clock: 0,
        structs: [{ kind: 'item', origin: { client: 1, clock: 0 }, content: { kind: 'any', values: ['b'] } }],
      },
    ])
    expect(missingFor(room, selfContained).size).toBe(0)
    const behindGap = encodeHandUpdate([
      { client: 1, clock: 3, structs: [{ kind: 'item', content: { kind: 'any', values: ['a'] } }] },
      {
        client: 2,
        clock: 0,
        structs: [{ kind: 'item', origin: { client: 1, clock: 3 }, content: { kind: 'any', values: ['b'] } }],
      },
    ])
    expect(missingFor(room, behindGap)).toEqual(new Map([[1, 4]]))
  })

  it('treats a skip over clocks the room lacks as missing', () => {
    const room = new Y.Doc()
    const skipped = encodeHandUpdate([
      {
        client: 3,
        clock: 0,
        structs: [
          { kind: 'skip', length: 2 },
          { kind: 'item', content: { kind: 'any', values: ['after skip'] } },
        ],
      },
    ])
    expect(missingFor(room, skipped)).toEqual(new Map([[3, 2]]))
  })

  it('never lets Yjs park anything when updates arrive in any order and wait for what they miss', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const writer = writerUpdates(12, 1000 + seed)
      const order = shuffled(writer, seed)
      const room = new Y.Doc({ gc: false })
      const waiting: Array<{ update: Uint8Array; missing: Map<number, number> }> = []
      const stateOf = (client: number) => Y.getState(room.store, client)
      const offer = (update: Uint8Array) => {
        const missing = missingFor(room, update)
        if (missing.size > 0) waiting.push({ update, missing })
        else Y.applyUpdate(room, update)
        expect(room.store.pendingStructs, `seed ${seed}`).toBeNull()
      }
      for (const update of order) {
        offer(update)
        for (let ready = waiting.findIndex((w) => dependenciesMet(w.missing, stateOf)); ready >= 0; ) {
          const [entry] = waiting.splice(ready, 1)
          if (entry) offer(entry.update)
          ready = waiting.findIndex((w) => dependenciesMet(w.missing, stateOf))
        }
      }
      expect(room.getArray('messages').length, `seed ${seed}`).toBe(12)
    }
  })
})

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items]
  let state = seed
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    const j = state % (i + 1)
    ;[result[i], result[j]] = [result[j] as T, result[i] as T]
  }
  return result
}
