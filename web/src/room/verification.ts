// Checks the signatures a fold is waiting for, in the background, batch after batch: newest
// first, one verification per distinct envelope, the page free to paint between batches. An
// entry is folded into the view only once its batch is back (FoldState.settle).
import { type Envelope, type VerifyEd25519, verifyEnvelope } from '@parley/protocol'
import type { FoldState } from './foldState'
import type { Slot } from './slots'

/** The first batch is small, so the newest messages of a fresh device show after one short wait. */
const FIRST_BATCH_ENTRIES = 256
/** Later batches: enough to keep WebCrypto busy, few enough to fold between two frames. */
const BATCH_ENTRIES = 1024

export interface VerificationLoop {
  /** Starts checking if anything is pending and no check is running. */
  schedule(): void
  /** Resolves once nothing is pending (at once when nothing is). */
  whenIdle(): Promise<void>
  close(): void
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}

export function createVerificationLoop(
  getState: () => FoldState,
  options: { room: string; verify: VerifyEd25519; onSettled(): void },
): VerificationLoop {
  let running = false
  let closed = false
  /** The state the loop last took from: a new one (a re-read) starts with a first batch again. */
  let lastState: FoldState | null = null
  let idle: Array<() => void> = []
  const check = async (envelope: Envelope) => {
    try {
      return await verifyEnvelope(options.room, envelope, options.verify)
    } catch {
      return false
    }
  }
  const settleIdle = () => {
    if (running || getState().pendingCount > 0) return
    const waiting = idle
    idle = []
    for (const resolve of waiting) resolve()
  }
  const run = async () => {
    running = true
    while (!closed) {
      const state = getState()
      const first = state !== lastState
      lastState = state
      const groups = state.takePending(first ? FIRST_BATCH_ENTRIES : BATCH_ENTRIES, first)
      if (groups.length === 0) break
      const verdicts = await Promise.all(groups.map(([head]) => (head ? check(head.envelope) : false)))
      if (closed) break
      // A state that was replaced meanwhile (the log re-read) has its own slots to check.
      if (getState() !== state) continue
      const bySlot = new Map<Slot, boolean>()
      for (const [i, group] of groups.entries())
        for (const slot of group) bySlot.set(slot, verdicts[i] === true)
      state.settle(bySlot)
      options.onSettled()
      await nextTask()
    }
    running = false
    settleIdle()
  }
  return {
    schedule() {
      if (!running && !closed && getState().pendingCount > 0) void run()
      else settleIdle()
    },
    whenIdle() {
      return new Promise((resolve) => {
        idle.push(resolve)
        settleIdle()
      })
    },
    close() {
      closed = true
      const waiting = idle
      idle = []
      for (const resolve of waiting) resolve()
    },
  }
}
