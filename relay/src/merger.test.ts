import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createMerger } from './merger.js'

describe('createMerger', () => {
  const merger = createMerger()
  afterAll(() => merger.close())

  it('merges updates on the worker into what Y.mergeUpdates gives', async () => {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    for (let i = 0; i < 50; i++) doc.getArray('messages').push([{ i }])
    const merged = await merger.merge(updates)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, merged)
    expect(copy.getArray('messages').toJSON()).toEqual(doc.getArray('messages').toJSON())
  })

  it('rejects garbage without dying, and keeps working', async () => {
    const garbage = new Uint8Array([0xff, 0xff, 0xff])
    await expect(merger.merge([garbage, garbage])).rejects.toThrow()
    const doc = new Y.Doc()
    doc.getArray('messages').push(['still here'])
    expect((await merger.merge([Y.encodeStateAsUpdate(doc)])).byteLength).toBeGreaterThan(0)
  })
})
