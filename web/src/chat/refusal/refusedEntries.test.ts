import { describe, expect, it } from 'vitest'
import { appendMessage } from '../../room'
import { alice, docWithClient } from '../../room/testing'
import type { Refusal } from '../../sync'
import { createRefusedSource, findRefused } from './refusedEntries'

const refusal: Refusal = {
  code: 4413,
  reason: 'too large: entry of 5123 bytes over 2048',
  offending: [{ client: 5, clock: 1, length: 1 }],
  dropped: [{ client: 5, clock: 1, length: 2 }],
}

function room() {
  const doc = docWithClient(5)
  appendMessage(doc, alice, 'stored')
  const big = appendMessage(doc, alice, 'big')
  const after = appendMessage(doc, alice, 'after')
  return { doc, big, after }
}

describe('findRefused', () => {
  it('reads the refused entries from the doc, each with why, until the relay stores them', () => {
    const { doc, big, after } = room()
    expect(findRefused(doc, [refusal], new Map([[5, 1]]))).toEqual([
      { logId: big.logId, value: big.entry, code: 4413, reason: refusal.reason, offending: true },
      { logId: after.logId, value: after.entry, code: 4413, reason: refusal.reason, offending: false },
    ])
    expect(findRefused(doc, [refusal], new Map([[5, 2]])).map((entry) => entry.value)).toEqual([after.entry])
    expect(findRefused(doc, [refusal], new Map([[5, 3]]))).toEqual([])
    expect(findRefused(docWithClient(6), [refusal], new Map())).toEqual([])
  })
})

describe('createRefusedSource', () => {
  it('returns the same array until the refusals, the durable state or the log change', () => {
    const { doc } = room()
    let inputs = { refusals: [refusal] as readonly Refusal[], durable: new Map([[5, 1]]), version: 1 }
    const read = createRefusedSource(doc, () => inputs)
    const first = read()
    expect(first).toHaveLength(2)
    expect(read()).toBe(first)
    inputs = { ...inputs, version: 2 }
    expect(read()).not.toBe(first)
    expect(read()).toEqual(first)
    inputs = { ...inputs, refusals: [] }
    expect(read()).toEqual([])
    expect(read()).toBe(read())
  })
})
