import { describe, expect, it } from 'vitest'
import { type Appended, appendMessage } from '../../room'
import { createTestPerson, docWithClient } from '../../room/testing'
import type { Refusal } from '../../sync'
import { createRefusedSource, findRefused } from './refusedEntries'

const alice = await createTestPerson('Alice')

const refusal: Refusal = {
  code: 4413,
  reason: 'too large: entry of 5123 bytes over 2048',
  offending: [{ client: 5, clock: 1, length: 1 }],
  dropped: [{ client: 5, clock: 1, length: 2 }],
}

async function room() {
  const doc = docWithClient(5)
  const writer = alice.writer(doc)
  await appendMessage(writer, 'stored')
  const big = (await appendMessage(writer, 'big')) as Appended
  const after = (await appendMessage(writer, 'after')) as Appended
  return { doc, big, after }
}

describe('findRefused', () => {
  it('reads the refused entries from the doc, each with why, until the relay stores them', async () => {
    const { doc, big, after } = await room()
    expect(findRefused(doc, [refusal], new Map([[5, 1]]))).toEqual([
      { logId: big.logId, value: big.envelope, code: 4413, reason: refusal.reason, offending: true },
      { logId: after.logId, value: after.envelope, code: 4413, reason: refusal.reason, offending: false },
    ])
    expect(findRefused(doc, [refusal], new Map([[5, 2]])).map((entry) => entry.value)).toEqual([
      after.envelope,
    ])
    expect(findRefused(doc, [refusal], new Map([[5, 3]]))).toEqual([])
    expect(findRefused(docWithClient(6), [refusal], new Map())).toEqual([])
  })
})

describe('createRefusedSource', () => {
  it('returns the same array until the refusals, the durable state or the log change', async () => {
    const { doc } = await room()
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
