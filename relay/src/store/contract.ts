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
  /** A second store over the same storage, as a second relay would open it; null where unsupported. */
  openPeer?: ((store: Store) => Promise<Store>) | null
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

    it('numbers each room’s rows 1, 2, 3… and reads the ones after a seq', async () => {
      const a = new Y.Doc()
      const b = new Y.Doc()
      expect(await store.headSeq('a')).toBe(0)
      expect(
        await store.append([
          { room: 'a', update: entryUpdate(a, 1) },
          { room: 'b', update: entryUpdate(b, 'x') },
          { room: 'a', update: entryUpdate(a, 2) },
        ]),
      ).toEqual([1, 1, 2])
      expect(await store.append([{ room: 'a', update: entryUpdate(a, 3) }])).toEqual([3])
      expect(await store.headSeq('a')).toBe(3)
      expect(await store.headSeq('b')).toBe(1)
      const after = await store.readAfter('a', 1)
      expect(after.map((row) => row.seq)).toEqual([2, 3])
      expect(entriesOf([...(await store.load('a')).slice(0, 1), ...after.map((row) => row.update)])).toEqual([
        1, 2, 3,
      ])
      expect(await store.readAfter('a', 3)).toEqual([])
      expect(await store.append([])).toEqual([])
    })

    it('gives a snapshot the seq of the last row it merged, and later rows the next seqs', async () => {
      const doc = new Y.Doc()
      for (let i = 0; i < 5; i++) await store.append([{ room: 'r', update: entryUpdate(doc, i) }])
      await store.compact('r', async (updates) => Y.mergeUpdates(updates))
      expect((await store.readAfter('r', 0)).map((row) => row.seq)).toEqual([5])
      // A reader that had applied up to seq 2 still gets everything after it, inside the snapshot.
      expect(entriesOf((await store.readAfter('r', 2)).map((row) => row.update))).toEqual([0, 1, 2, 3, 4])
      expect(await store.readAfter('r', 5)).toEqual([])
      expect(await store.append([{ room: 'r', update: entryUpdate(doc, 5) }])).toEqual([6])
      expect(await store.headSeq('r')).toBe(6)
    })

    it('keeps every entry when two compactions of a room run at once', async () => {
      const peer = harness.openPeer ? await harness.openPeer(store) : store
      try {
        const doc = new Y.Doc()
        for (let i = 0; i < 6; i++) await store.append([{ room: 'r', update: entryUpdate(doc, i) }])
        let inMerge = 0
        const slowMerge = async (updates: Uint8Array[]) => {
          inMerge++
          await store.append([{ room: 'r', update: entryUpdate(doc, `during ${inMerge}`) }])
          return Y.mergeUpdates(updates)
        }
        await Promise.all([store.compact('r', slowMerge), peer.compact('r', slowMerge)])
        const entries = entriesOf(await peer.load('r'))
        expect(entries).toHaveLength(6 + inMerge)
        expect(entries.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5])
        expect(entriesOf(await store.load('r'))).toEqual(entries)
      } finally {
        if (peer !== store) await peer.close()
      }
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
