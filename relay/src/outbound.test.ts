import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createOutboundGuard, type OutboundMember } from './outbound.js'

function member(bytes: number) {
  const state = { bytes, paused: false, closed: false }
  const fake: OutboundMember & { state: typeof state } = {
    state,
    get ownBufferedBytes() {
      return state.bytes
    },
    setReadingPaused(paused) {
      state.paused = paused
    },
    closeTooSlow() {
      state.closed = true
    },
  }
  return fake
}

describe('createOutboundGuard', () => {
  let nowMs = 0
  beforeEach(() => {
    vi.useFakeTimers()
    nowMs = 0
  })
  afterEach(() => {
    vi.useRealTimers()
  })
  const advance = (ms: number) => {
    nowMs += ms
    vi.advanceTimersByTime(ms)
  }

  it('pauses every reader above the limit and resumes below half of it', () => {
    const guard = createOutboundGuard({ maxTotalBufferedBytes: 1_000 }, () => nowMs)
    const a = member(300)
    const b = member(300)
    guard.add(a)
    guard.add(b)
    advance(50)
    expect(guard.paused).toBe(false)
    b.state.bytes = 800
    advance(50)
    expect([guard.paused, a.state.paused, b.state.paused]).toEqual([true, true, true])
    const late = member(0)
    guard.add(late)
    expect(late.state.paused).toBe(true)
    a.state.bytes = 100
    b.state.bytes = 300
    advance(50)
    expect([guard.paused, a.state.paused, b.state.paused, late.state.paused]).toEqual([
      false,
      false,
      false,
      false,
    ])
    guard.close()
  })

  it('pauses as soon as what was just sent crosses the limit, without waiting for the timer', () => {
    const guard = createOutboundGuard({ maxTotalBufferedBytes: 1_000 }, () => nowMs)
    const a = member(0)
    guard.add(a)
    a.state.bytes = 1_500
    guard.noteSent(1_500)
    expect(a.state.paused).toBe(true)
    guard.close()
  })

  it('closes the largest reader when nothing drains while paused, then the next', () => {
    const guard = createOutboundGuard({ maxTotalBufferedBytes: 1_000 }, () => nowMs)
    const small = member(400)
    const big = member(900)
    guard.add(small)
    guard.add(big)
    advance(50)
    expect(guard.paused).toBe(true)
    advance(1_900)
    expect(big.state.closed).toBe(false)
    advance(200)
    expect(big.state.closed).toBe(true)
    expect(small.state.closed).toBe(false)
    guard.remove(big)
    advance(50)
    expect(guard.paused).toBe(false) // 400 is below half the limit
    guard.close()
  })
})
