import { describe, expect, it } from 'vitest'
import { createPersister } from './persister.js'
import { createMemoryStore } from './store/memoryStore.js'
import type { RoomStore } from './store/types.js'

const bytes = (n: number) => new Uint8Array([n])

/** A real memory store whose appends fail while `failing` is set, like a full disk. */
function flakyStore(): RoomStore & { failing: boolean; appends: number } {
  const inner = createMemoryStore()
  const store = {
    ...inner,
    failing: false,
    appends: 0,
    async append(batch: Parameters<RoomStore['append']>[0]) {
      store.appends++
      if (store.failing) throw new Error('SQLITE_FULL: database or disk is full')
      await inner.append(batch)
    },
  }
  return store
}

describe('createPersister', () => {
  it('stores updates enqueued in one turn in one commit', async () => {
    const store = flakyStore()
    const persister = createPersister(store)
    await Promise.all([
      persister.enqueue('a', bytes(1)),
      persister.enqueue('b', bytes(2)),
      persister.enqueue('a', bytes(3)),
    ])
    expect(store.appends).toBe(1)
    expect(await store.load('a')).toEqual([bytes(1), bytes(3)])
    await persister.close()
  })

  it('keeps a failed batch, reports unhealthy, and stores it once the store recovers', async () => {
    const store = flakyStore()
    store.failing = true
    const errors: unknown[] = []
    const persister = createPersister(store, {
      onError: (error) => {
        errors.push(error)
        store.failing = false
      },
    })
    const stored = persister.enqueue('a', bytes(7))
    await stored
    expect(errors).toHaveLength(1)
    expect(persister.healthy).toBe(true)
    expect(await store.load('a')).toEqual([bytes(7)])
    await persister.close()
  })

  it('is unhealthy while the store fails', async () => {
    const store = flakyStore()
    store.failing = true
    let failures = 0
    const persister = createPersister(store, { onError: () => failures++ })
    const stored = persister.enqueue('a', bytes(1))
    await new Promise<void>((resolve) => {
      const check = () => (failures > 0 ? resolve() : setImmediate(check))
      check()
    })
    expect(persister.healthy).toBe(false)
    await persister.close()
    await expect(stored).rejects.toThrow('closed before the update was stored')
  })
})
