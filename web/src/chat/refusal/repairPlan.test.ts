import { describe, expect, it } from 'vitest'
import { messageEntry } from '../../room/bodies'
import { createTestPerson, seal } from '../../room/testing'
import { NOT_AN_ENTRY, NOT_SIGNED_HERE, planRepair } from './repairPlan'

const alice = await createTestPerson('Alice')
const bob = await createTestPerson('Bob')
const reason = 'too large: entry of 5123 bytes over 2048'

describe('planRepair', () => {
  it('keeps aside what broke a rule or fails the app checks, and sends the rest again in log order', async () => {
    const big = await seal(alice, messageEntry('x'.repeat(3000)))
    const after = await seal(alice, messageEntry('small'))
    const unsent = await seal(alice, messageEntry('never sent'))
    // A readable envelope whose JSON (quotes escaped twice) is over the relay's entry limit.
    const quotes = JSON.stringify({ v: 2, type: 'message', ts: 1, text: '"'.repeat(4200) })
    const oversized = { ...(await seal(alice, messageEntry('y'))), body: quotes }
    const bobs = await seal(bob, messageEntry('relayed from another tab of someone else'))
    const legacy = { v: 1, id: 'old', author: { id: 'a', name: 'A' }, ts: 1, type: 'message', text: 'old' }
    const plan = planRepair(
      [
        { logId: { client: 1, clock: 4 }, value: big },
        { logId: { client: 1, clock: 5 }, value: after },
        { logId: { client: 2, clock: 0 }, value: { junk: true } },
        { logId: { client: 2, clock: 1 }, value: oversized },
        { logId: { client: 2, clock: 2 }, value: unsent },
        { logId: { client: 3, clock: 0 }, value: bobs },
        { logId: { client: 3, clock: 1 }, value: legacy },
      ],
      [
        {
          code: 4413,
          reason,
          offending: [{ client: 1, clock: 4, length: 1 }],
          dropped: [{ client: 1, clock: 4, length: 2 }],
        },
      ],
      1234,
      alice.key,
    )
    expect(plan.resend).toEqual([after, unsent])
    const kept = (logId: { client: number; clock: number }, value: unknown, why: unknown) => ({
      logId,
      value,
      code: null,
      reason: why,
      keptAt: 1234,
    })
    expect(plan.keep).toEqual([
      { logId: { client: 1, clock: 4 }, value: big, code: 4413, reason, keptAt: 1234 },
      kept({ client: 2, clock: 0 }, { junk: true }, NOT_AN_ENTRY),
      kept({ client: 2, clock: 1 }, oversized, expect.stringMatching(/^Too large to send/)),
      kept({ client: 3, clock: 0 }, bobs, NOT_SIGNED_HERE),
      kept({ client: 3, clock: 1 }, legacy, NOT_SIGNED_HERE),
    ])
  })
})
