// The contract every Store backend passes; each backend's test file runs it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { chunks, describeBlobContract, LIMITS, readAll, sha256 } from './blobContract.js'
import type { Store } from './types.js'

function entryUpdate(doc: Y.Doc, entry: unknown): Uint8Array {
  const before = Y.encodeStateVector(doc)
  doc.getArray('messages').push([entry])
  return Y.encodeStateAsUpdate(doc, before)
}

function entriesOf(updates: Uint8Array[]): unknown[] {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc.getArray('messages').toJSON()
}

export interface StoreHarness {
  open(): Promise<Store>
  /** Closes and opens the same storage again, as a relay restart would; null for non-durable stores. */
  reopen: ((store: Store) => Promise<Store>) | null
}

export function describeStoreContract(name: string, harness: StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store
    beforeEach(async () => {
      store = await harness.open()
    })
    afterEach(async () => {
      await store.close()
    })

    it('loads nothing for a room never written', async () => {
      expect(await store.load('empty')).toEqual([])
      expect(await store.stats('empty')).toEqual({ updates: 0, bytes: 0 })
    })

    it('returns appended updates in order, per room', async () => {
      const a = new Y.Doc()
      const b = new Y.Doc()
      await store.append([
        { room: 'a', update: entryUpdate(a, 1) },
        { room: 'b', update: entryUpdate(b, 'x') },
        { room: 'a', update: entryUpdate(a, 2) },
      ])
      await store.append([{ room: 'a', update: entryUpdate(a, 3) }])
      expect(entriesOf(await store.load('a'))).toEqual([1, 2, 3])
      expect(entriesOf(await store.load('b'))).toEqual(['x'])
      expect((await store.stats('a')).updates).toBe(3)
    })

    it('compacts a room into one update with the same content', async () => {
      const doc = new Y.Doc()
      for (let i = 0; i < 20; i++) await store.append([{ room: 'r', update: entryUpdate(doc, { i }) }])
      await store.compact('r', async (updates) => Y.mergeUpdates(updates))
      const loaded = await store.load('r')
      expect(loaded).toHaveLength(1)
      expect(entriesOf(loaded)).toEqual(doc.getArray('messages').toJSON())
      await store.append([{ room: 'r', update: entryUpdate(doc, { i: 20 }) }])
      expect(entriesOf(await store.load('r'))).toHaveLength(21)
    })

    it('keeps the room intact when a merge throws', async () => {
      const doc = new Y.Doc()
      await store.append([{ room: 'r', update: entryUpdate(doc, 1) }])
      await store.append([{ room: 'r', update: entryUpdate(doc, 2) }])
      await expect(
        store.compact('r', async () => {
          throw new Error('merge failed')
        }),
      ).rejects.toThrow('merge failed')
      expect(entriesOf(await store.load('r'))).toEqual([1, 2])
    })

    it('keeps updates appended while a compaction merges', async () => {
      const doc = new Y.Doc()
      await store.append([{ room: 'r', update: entryUpdate(doc, 1) }])
      await store.append([{ room: 'r', update: entryUpdate(doc, 2) }])
      await store.compact('r', async (updates) => {
        await store.append([{ room: 'r', update: entryUpdate(doc, 3) }])
        return Y.mergeUpdates(updates)
      })
      const loaded = await store.load('r')
      expect(loaded).toHaveLength(2)
      expect(entriesOf(loaded)).toEqual([1, 2, 3])
    })

    describeBlobContract(() => store)

    const reopen = harness.reopen
    if (reopen !== null) {
      it('keeps everything across a reopen', async () => {
        const doc = new Y.Doc()
        await store.append([{ room: 'r', update: entryUpdate(doc, 'kept') }])
        const blob = new Uint8Array([1, 2, 3])
        expect(await store.putBlob(sha256(blob), 'image/png', chunks(blob), LIMITS)).toEqual({
          result: 'stored',
          bytes: 3,
        })
        store = await reopen(store)
        expect(entriesOf(await store.load('r'))).toEqual(['kept'])
        const reopened = await store.openBlob(sha256(blob))
        expect(reopened).toMatchObject({ type: 'image/png', size: 3 })
        expect(reopened && (await readAll(reopened))).toEqual(blob)
        expect(store.usage()).toEqual({ bytes: 3, count: 1 })
      })
    }
  })
}
