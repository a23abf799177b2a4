import { describe, expect, it } from 'vitest'
import { createFaultyStore, DISK_FULL } from '../test/faultyStore.js'
import { waitFor } from '../test/waitFor.js'
import { createPersister } from './persister.js'
import { createMemoryStore } from './store/memoryStore.js'

const bytes = (n: number) => new Uint8Array([n])

describe('createPersister', () => {
  it('stores updates enqueued in one turn in one commit, sharing one promise', async () => {
    const store = createFaultyStore(createMemoryStore())
    const persister = createPersister(store)
    const first = persister.enqueue('a', bytes(1))
    const second = persister.enqueue('b', bytes(2))
    expect(second).toBe(first)
    const [committed] = await Promise.all([first, second, persister.enqueue('a', bytes(3))])
    expect(store.appendAttempts).toBe(1)
    // The batch's rows come back with the seqs the store gave them, per room.
    expect(committed).toEqual(
      new Map([
        [
          'a',
          [
            { seq: 1, update: bytes(1) },
            { seq: 2, update: bytes(3) },
          ],
        ],
        ['b', [{ seq: 1, update: bytes(2) }]],
      ]),
    )
    expect(await store.load('a')).toEqual([bytes(1), bytes(3)])
    expect(persister.health).toEqual({ ok: true, reason: null, unstoredUpdates: 0 })
    await persister.close(1000)
  })

  it('without a group-commit wait, writes at once and batches what arrives while a write runs', async () => {
    const store = createFaultyStore(createMemoryStore())
    const persister = createPersister(store, {}, { groupCommitMs: 0 })
    store.appendMode = 'stalled'
    const first = persister.enqueue('a', bytes(1))
    await store.attempts(1) // the first write started with one update in it
    const second = persister.enqueue('a', bytes(2))
    const third = persister.enqueue('b', bytes(3))
    expect(third).toBe(second)
    store.appendMode = 'ok'
    store.release()
    expect((await first).get('a')).toEqual([{ seq: 1, update: bytes(1) }])
    expect(await second).toEqual(
      new Map([
        ['a', [{ seq: 2, update: bytes(2) }]],
        ['b', [{ seq: 1, update: bytes(3) }]],
      ]),
    )
    expect(store.appendAttempts).toBe(2)
    await persister.close(1000)
  })

  it('keeps failed batches readable, reports why, and stores them once the store recovers', async () => {
    const store = createFaultyStore(createMemoryStore())
    store.appendMode = 'failing'
    const persister = createPersister(store)
    const stored = persister.enqueue('a', bytes(7))
    await store.attempts(1)
    await persister.flush(0) // lets the failed attempt settle
    expect(persister.health).toMatchObject({ ok: false, reason: DISK_FULL, unstoredUpdates: 1 })
    expect(persister.unstored('a').updates).toEqual([bytes(7)])
    const healthy = persister.whenHealthy()
    store.appendMode = 'ok'
    await stored
    await healthy
    expect(persister.health).toEqual({ ok: true, reason: null, unstoredUpdates: 0 })
    expect(persister.unstored('a').updates).toEqual([])
    expect(await store.load('a')).toEqual([bytes(7)])
    await persister.close(1000)
  })

  it('retries a failing store on a timer with backoff, not in a loop, and gives up at the deadline', async () => {
    const store = createFaultyStore(createMemoryStore())
    store.appendMode = 'failing'
    const persister = createPersister(store)
    const stored = persister.enqueue('a', bytes(1))
    persister.enqueue('b', bytes(2))
    const started = performance.now()
    const lost = await persister.close(400)
    const elapsed = performance.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(399)
    expect(elapsed).toBeLessThan(2_000)
    // 100, 200, 400 ms of backoff: a handful of attempts, where a tight loop made hundreds of thousands.
    expect(store.appendAttempts).toBeLessThan(10)
    expect(lost).toEqual(
      new Map([
        ['a', 1],
        ['b', 1],
      ]),
    )
    await expect(stored).rejects.toThrow('closed before the update was stored')
  })

  it('reports a write that never returns as unhealthy and still closes by its deadline', async () => {
    const store = createFaultyStore(createMemoryStore())
    store.appendMode = 'stalled'
    const persister = createPersister(store)
    const stored = persister.enqueue('a', bytes(1))
    await store.attempts(1)
    const lost = await persister.close(200)
    expect(lost).toEqual(new Map([['a', 1]]))
    await expect(stored).rejects.toThrow('closed before the update was stored')
    store.release()
  })

  it('probes a store that can be out of reach while nothing is written, and recovers with it', async () => {
    let reachable = true
    const store = {
      ...createMemoryStore(),
      async ping() {
        if (!reachable) throw new Error('connect ECONNREFUSED 127.0.0.1:5432')
      },
    }
    const events: string[] = []
    const persister = createPersister(store, {
      onUnreachable: () => events.push('unreachable'),
      onRecover: () => events.push('recovered'),
    })
    expect(persister.health.ok).toBe(true)
    reachable = false
    await waitFor(() => !persister.health.ok, 5_000, 'the probe to fail')
    expect(persister.health.reason).toBe('connect ECONNREFUSED 127.0.0.1:5432')
    const healthy = persister.whenHealthy()
    reachable = true
    await healthy
    expect(persister.health.ok).toBe(true)
    expect(events).toEqual(['unreachable', 'recovered'])
    await persister.close(100)
  })
})
