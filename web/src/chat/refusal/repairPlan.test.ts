import { describe, expect, it } from 'vitest'
import { alice } from '../../room/testing'
import { NOT_AN_ENTRY, planRepair } from './repairPlan'

const entry = (id: string, text: string) => ({ v: 1, id, author: alice, ts: 1, type: 'message', text })
const reason = 'too large: entry of 5123 bytes over 2048'

describe('planRepair', () => {
  it('keeps aside what broke a rule or fails the app checks, and sends the rest again in log order', () => {
    const big = entry('big', 'x'.repeat(3000))
    const after = entry('after', 'small')
    const unsent = entry('unsent', 'never sent')
    const oversized = entry('huge', 'y'.repeat(20_000))
    const plan = planRepair(
      [
        { logId: { client: 1, clock: 4 }, value: big },
        { logId: { client: 1, clock: 5 }, value: after },
        { logId: { client: 2, clock: 0 }, value: { junk: true } },
        { logId: { client: 2, clock: 1 }, value: oversized },
        { logId: { client: 2, clock: 2 }, value: unsent },
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
    )
    expect(plan.resend).toEqual([after, unsent])
    expect(plan.keep).toEqual([
      { logId: { client: 1, clock: 4 }, value: big, code: 4413, reason, keptAt: 1234 },
      {
        logId: { client: 2, clock: 0 },
        value: { junk: true },
        code: null,
        reason: NOT_AN_ENTRY,
        keptAt: 1234,
      },
      {
        logId: { client: 2, clock: 1 },
        value: oversized,
        code: null,
        reason: expect.stringMatching(/^Too large to send/),
        keptAt: 1234,
      },
    ])
  })
})
