// Where runs of log slots fall: the fold applies entries as runs of consecutive log indexes, and
// needs to know what is already shown after each (to place its items in the timeline, and to know
// whether it comes after everything, which is the cheap case). Both scans walk back from the end
// only as far as needed, so an append costs O(1).
import type { Slot } from './slots'

/** Log indexes `start` .. `end - 1`. */
export interface Run {
  start: number
  end: number
}

/** The log indexes of `wanted` in `slots`, as ascending runs. */
export function locate(slots: readonly (Slot | null)[], wanted: ReadonlySet<Slot>): Run[] {
  const indexes: number[] = []
  for (let i = slots.length - 1; i >= 0 && indexes.length < wanted.size; i--) {
    const slot = slots[i]
    if (slot && wanted.has(slot)) indexes.push(i)
  }
  const runs: Run[] = []
  for (const index of indexes.reverse()) {
    const last = runs[runs.length - 1]
    if (last && last.end === index) last.end++
    else runs.push({ start: index, end: index + 1 })
  }
  return runs
}

/**
 * For each of `runs` (ascending, disjoint), how many applied slots, and how many timeline items,
 * lie at or after its end, not counting the slots of the runs themselves (which are being applied).
 */
export function countAfter(
  slots: readonly (Slot | null)[],
  runs: readonly Run[],
): { applied: number; items: number }[] {
  const counts = runs.map(() => ({ applied: 0, items: 0 }))
  let applied = 0
  let items = 0
  let i = slots.length - 1
  for (let r = runs.length - 1; r >= 0; r--) {
    const run = runs[r] as Run
    for (; i >= run.end; i--) {
      const slot = slots[i]
      if (!slot?.applied) continue
      applied++
      if (slot.item) items++
    }
    counts[r] = { applied, items }
    i = run.start - 1
  }
  return counts
}
