// Which of a room's stored rows (by per-room seq) a relay has applied. Rows reach a relay from its
// own commits and from the bus, in any order and possibly not at all (Redis pub/sub is a hint, not
// the record); rows past a hole are held until the hole fills, or until a repair read from the
// store settles it. Pure: no timers, no I/O.
import type { StoredRow } from '../store/types.js'

/** Rows held past a hole; beyond this they are dropped, and the repair read brings them. */
const MAX_HELD_ROWS = 1_000

export class AppliedSeqs {
  private readonly seen = new Set<number>()
  private readonly held = new Map<number, Uint8Array>()

  constructor(private mark: number) {}

  /** Every row up to this seq has been applied. */
  get applied(): number {
    return this.mark
  }

  /** Whether a row above `applied + 1` arrived without the ones before it. */
  get hasGap(): boolean {
    return this.seen.size > 0 || this.held.size > 0
  }

  /**
   * Notes rows this relay stored itself (already in its doc); returns the held rows of others
   * they were the hole before, now to apply, in seq order.
   */
  noteOwn(seqs: Iterable<number>): StoredRow[] {
    for (const seq of seqs) if (seq > this.mark) this.seen.add(seq)
    return this.advance()
  }

  /**
   * Takes rows from the bus; returns the ones to apply now, in seq order: those that continue
   * the applied run, including held ones the run has now reached. Older rows are dropped.
   */
  takeFromBus(rows: readonly StoredRow[]): StoredRow[] {
    for (const row of rows) {
      if (row.seq > this.mark && !this.seen.has(row.seq) && this.held.size < MAX_HELD_ROWS) {
        this.held.set(row.seq, row.update)
      }
    }
    return this.advance()
  }

  /**
   * Takes what a read of everything after `applied` returned: a complete record, so the run
   * jumps to its last seq (a snapshot's seq covers rows merged into it). Returns the rows to apply.
   */
  takeFromStore(rows: readonly StoredRow[]): StoredRow[] {
    const fresh = rows.filter((row) => row.seq > this.mark)
    const last = fresh.at(-1)
    if (last !== undefined) this.mark = last.seq
    for (const seq of this.seen) if (seq <= this.mark) this.seen.delete(seq)
    for (const seq of this.held.keys()) if (seq <= this.mark) this.held.delete(seq)
    return [...fresh, ...this.advance()]
  }

  private advance(): StoredRow[] {
    const ready: StoredRow[] = []
    for (;;) {
      const next = this.mark + 1
      const update = this.held.get(next)
      if (update !== undefined) {
        ready.push({ seq: next, update })
        this.held.delete(next)
      } else if (!this.seen.delete(next)) {
        return ready
      }
      this.mark = next
    }
  }
}
