import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { waitFor } from '../test/waitFor.js'
import { createCompactor } from './compaction.js'
import { createRelayMetrics } from './metrics.js'
import { createMemoryStore } from './store/memoryStore.js'

/** A store holding `rows` one-entry updates of room 'r', and a compactor that counts its merges. */
async function setUp(rows: number, compactIntervalMs: number) {
  const store = createMemoryStore()
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let i = 0; i < rows; i++) doc.getArray('messages').push([`entry ${i}`])
  await store.append(updates.map((update) => ({ room: 'r', update })))
  let merges = 0
  const compactor = createCompactor({
    store,
    merge: async (parts) => {
      merges++
      return Y.mergeUpdates(parts)
    },
    metrics: createRelayMetrics(),
    log: pino({ level: 'silent' }),
    compactAfterUpdates: 10,
    compactIntervalMs,
  })
  return { store, compactor, updates, merges: () => merges }
}

describe('createCompactor', () => {
  it('compacts a loaded room that grew past its threshold once its interval since the load has passed', async () => {
    const { store, compactor, merges } = await setUp(12, 300)
    compactor.loaded('r', [])
    const loadedAt = performance.now()
    compactor.stored('r', 12, 12 * 30)
    compactor.stored('r', 0, 0) // considered again meanwhile: still one deferred compaction
    await waitFor(() => merges() === 1, 5_000, 'the deferred compaction')
    expect(performance.now() - loadedAt).toBeGreaterThanOrEqual(290)
    expect((await store.stats('r')).updates).toBe(1)
  })

  it('compacts at once without an interval, and a room loaded from many rows at once', async () => {
    const now = await setUp(12, 0)
    now.compactor.loaded('r', [])
    now.compactor.stored('r', 12, 12 * 30)
    await waitFor(() => now.merges() === 1, 5_000, 'the compaction')

    const loaded = await setUp(12, 60_000)
    loaded.compactor.loaded('r', loaded.updates)
    await waitFor(() => loaded.merges() === 1, 5_000, 'the compaction after the load')
  })

  it('compacts at once when the rows reach the cap, though a compaction is already deferred', async () => {
    const { compactor, merges } = await setUp(12, 60_000)
    compactor.loaded('r', [])
    compactor.stored('r', 12, 12 * 30) // deferred for a minute
    compactor.stored('r', 20_000, 0)
    await waitFor(() => merges() === 1, 5_000, 'the compaction at the row cap')
  })

  it('forgets a deferred compaction when the room is forgotten', async () => {
    const { compactor, merges } = await setUp(12, 100)
    compactor.loaded('r', [])
    compactor.stored('r', 12, 12 * 30)
    compactor.forget('r')
    // Nothing to await: what is checked is that no merge comes, well past the interval.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(merges()).toBe(0)
  })
})
