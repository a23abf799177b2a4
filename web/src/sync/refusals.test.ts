import { describe, expect, it } from 'vitest'
import {
  addRefusal,
  decodeRefusals,
  encodeRefusals,
  MAX_KEPT_REFUSALS,
  pruneStored,
  type Refusal,
  refusalOf,
  unstoredRanges,
} from './refusals'

const tooLarge: Refusal = {
  code: 4413,
  reason: 'too large: entry of 5123 bytes over 2048',
  offending: [{ client: 7, clock: 3, length: 1 }],
  dropped: [{ client: 7, clock: 2, length: 3 }],
}
const after: Refusal = {
  code: 4424,
  reason: 'missing dependency: it depends on entries the relay refused',
  offending: [],
  dropped: [{ client: 7, clock: 5, length: 2 }],
}
const none = new Map<number, number>()

describe('addRefusal', () => {
  it('keeps permanent refusals once each, newest last', () => {
    const one = addRefusal([], tooLarge)
    expect(one).toEqual([tooLarge])
    expect(addRefusal(one, { ...tooLarge, dropped: [...tooLarge.dropped] })).toBe(one)
    expect(addRefusal(one, after)).toEqual([tooLarge, after])
  })

  it('ignores transient refusals and refusals that name no item', () => {
    expect(addRefusal([], { ...tooLarge, code: 4503 })).toEqual([])
    expect(addRefusal([], { ...tooLarge, dropped: [] })).toEqual([])
  })

  it('keeps only the newest MAX_KEPT_REFUSALS', () => {
    let list: readonly Refusal[] = []
    for (let i = 0; i < MAX_KEPT_REFUSALS + 5; i++) {
      list = addRefusal(list, { ...after, dropped: [{ client: 1, clock: i, length: 1 }] })
    }
    expect(list).toHaveLength(MAX_KEPT_REFUSALS)
    expect(list.at(-1)?.dropped[0]?.clock).toBe(MAX_KEPT_REFUSALS + 4)
  })
})

describe('refusalOf', () => {
  it('matches an item in the dropped ranges, preferring a refusal that names it as offending', () => {
    const list = [after, tooLarge]
    expect(refusalOf(list, { client: 7, clock: 3 }, none)).toEqual({ refusal: tooLarge, offending: true })
    expect(refusalOf(list, { client: 7, clock: 2 }, none)).toEqual({ refusal: tooLarge, offending: false })
    expect(refusalOf(list, { client: 7, clock: 6 }, none)).toEqual({ refusal: after, offending: false })
    expect(refusalOf(list, { client: 7, clock: 7 }, none)).toBeNull()
    expect(refusalOf(list, { client: 8, clock: 3 }, none)).toBeNull()
  })

  it('lets what the relay has stored win over a refusal', () => {
    expect(refusalOf([tooLarge], { client: 7, clock: 3 }, new Map([[7, 4]]))).toBeNull()
    expect(refusalOf([tooLarge], { client: 7, clock: 3 }, new Map([[7, 3]]))).not.toBeNull()
  })
})

describe('pruneStored / unstoredRanges', () => {
  it('forgets a refusal once all its items are stored, and returns the same list otherwise', () => {
    const list = [tooLarge, after]
    expect(pruneStored(list, new Map([[7, 4]]))).toBe(list)
    expect(pruneStored(list, new Map([[7, 5]]))).toEqual([after])
    expect(pruneStored(list, new Map([[7, 7]]))).toEqual([])
  })

  it('lists the parts of the dropped ranges that are not stored', () => {
    expect(unstoredRanges([tooLarge, after], new Map([[7, 3]]))).toEqual([
      { client: 7, clock: 3, length: 2 },
      { client: 7, clock: 5, length: 2 },
    ])
    expect(unstoredRanges([tooLarge], new Map([[7, 9]]))).toEqual([])
  })
})

describe('encode / decode', () => {
  it('round-trips and reads anything it did not write as no refusals', () => {
    const list = [tooLarge, after]
    expect(decodeRefusals(encodeRefusals(list))).toEqual(list)
    for (const bad of [
      undefined,
      null,
      42,
      '{',
      '{"v":2,"refusals":[]}',
      '{"v":1,"refusals":{}}',
      '{"v":1,"refusals":[[4413,"x",[],[[1,2]]]]}',
      '{"v":1,"refusals":[[4413,"x",[],[[1,-2,1]]]]}',
      '{"v":1,"refusals":[["4413","x",[],[]]]}',
    ]) {
      expect(decodeRefusals(bad)).toEqual([])
    }
  })
})
