import { describe, expect, it } from 'vitest'
import { memoryStorage } from '../../testing/memoryStorage'
import { finishRepair, type KeptEntry, loadArchive, MAX_KEPT_ENTRIES, recordRepair } from './refusedArchive'

const kept = (clock: number): KeptEntry => ({
  logId: { client: 1, clock },
  value: { v: 1, id: `e${clock}`, text: 'big' },
  code: 4413,
  reason: 'too large: entry of 5123 bytes over 2048',
  keptAt: 1000 + clock,
})

describe('refused archive', () => {
  it('records a repair: kept entries join the archive, pending ones wait until the repair is finished', () => {
    const storage = memoryStorage()
    recordRepair('room', { keep: [kept(1)], pending: [{ id: 'later' }] }, storage)
    expect(loadArchive('room', storage)).toEqual({ kept: [kept(1)], pending: [{ id: 'later' }] })
    expect(loadArchive('other', storage)).toEqual({ kept: [], pending: [] })
    finishRepair('room', storage)
    expect(loadArchive('room', storage)).toEqual({ kept: [kept(1)], pending: [] })
    recordRepair('room', { keep: [kept(1), kept(2)], pending: [] }, storage)
    expect(loadArchive('room', storage).kept).toEqual([kept(1), kept(2)])
  })

  it('keeps the newest MAX_KEPT_ENTRIES and forgets a room with nothing in it', () => {
    const storage = memoryStorage()
    const many = Array.from({ length: MAX_KEPT_ENTRIES + 3 }, (_, i) => kept(i))
    recordRepair('room', { keep: many, pending: [] }, storage)
    expect(loadArchive('room', storage).kept).toEqual(many.slice(3))
    recordRepair('empty', { keep: [], pending: [] }, storage)
    expect(storage.length).toBe(1)
  })

  it('throws when the repair cannot be written down, and reads corrupt storage as empty', () => {
    const full = {
      ...memoryStorage(),
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError')
      },
    }
    expect(() => recordRepair('room', { keep: [kept(1)], pending: [] }, full)).toThrow()
    const corrupt = memoryStorage()
    corrupt.setItem('parley.refused.room', '{nope')
    expect(loadArchive('room', corrupt)).toEqual({ kept: [], pending: [] })
    corrupt.setItem(
      'parley.refused.room',
      JSON.stringify({ v: 1, kept: [{ logId: 3 }, kept(4)], pending: 'x' }),
    )
    expect(loadArchive('room', corrupt)).toEqual({ kept: [kept(4)], pending: [] })
  })
})
