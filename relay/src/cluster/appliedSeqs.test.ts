import { describe, expect, it } from 'vitest'
import { AppliedSeqs } from './appliedSeqs.js'

const row = (seq: number) => ({ seq, update: new Uint8Array([seq]) })
const seqsOf = (rows: Array<{ seq: number }>) => rows.map((r) => r.seq)

describe('AppliedSeqs', () => {
  it('applies bus rows at once, past a hole too, and moves the mark only once the hole fills', () => {
    const seqs = new AppliedSeqs(2)
    expect(seqsOf(seqs.takeFromBus([row(3)]))).toEqual([3])
    expect(seqsOf(seqs.takeFromBus([row(6), row(5)]))).toEqual([5, 6])
    expect(seqs.applied).toBe(3)
    expect(seqs.hasGap).toBe(true)
    expect(seqsOf(seqs.takeFromBus([row(4)]))).toEqual([4])
    expect(seqs.applied).toBe(6)
    expect(seqs.hasGap).toBe(false)
  })

  it('counts its own commits, so rows after them are no gap', () => {
    const seqs = new AppliedSeqs(0)
    seqs.noteOwn([1, 2])
    expect(seqs.applied).toBe(2)
    expect(seqsOf(seqs.takeFromBus([row(3)]))).toEqual([3])
    // Other relays' rows arrive before this relay learns the seq of its own commit.
    expect(seqsOf(seqs.takeFromBus([row(5), row(6)]))).toEqual([5, 6])
    expect(seqs.hasGap).toBe(true)
    seqs.noteOwn([4])
    expect(seqs.applied).toBe(6)
    expect(seqs.hasGap).toBe(false)
  })

  it('drops rows already applied, and its own rows echoed back', () => {
    const seqs = new AppliedSeqs(4)
    expect(seqs.takeFromBus([row(2), row(4)])).toEqual([])
    seqs.noteOwn([5])
    expect(seqs.takeFromBus([row(5)])).toEqual([])
    expect(seqsOf(seqs.takeFromBus([row(7)]))).toEqual([7])
    expect(seqs.takeFromBus([row(7)])).toEqual([])
    expect(seqs.applied).toBe(5)
  })

  it('takes a store read as complete: a snapshot past a hole closes it, rows applied ahead are not applied again', () => {
    const seqs = new AppliedSeqs(3)
    expect(seqsOf(seqs.takeFromBus([row(9)]))).toEqual([9])
    seqs.noteOwn([11])
    // Rows 4..8 were compacted into a snapshot at seq 8.
    expect(seqsOf(seqs.takeFromStore([row(8), row(9), row(10)]))).toEqual([8, 10])
    expect(seqs.applied).toBe(11)
    expect(seqs.hasGap).toBe(false)
  })

  it('bounds the rows applied past a hole; the repair read brings the rest', () => {
    const seqs = new AppliedSeqs(0)
    const far = Array.from({ length: 1_200 }, (_, i) => row(i + 2))
    expect(seqs.takeFromBus(far)).toHaveLength(1_000)
    expect(seqs.takeFromBus([row(1_500)])).toEqual([])
    // The row that continues the run is always taken.
    expect(seqsOf(seqs.takeFromBus([row(1)]))).toEqual([1])
    expect(seqs.applied).toBe(1_001)
  })
})
