// Which of a room's stored rows (by per-room seq) a relay has applied. Rows reach a relay from its
// own commits and from the bus, in any order and possibly not at all (Redis pub/sub is a hint, not
// the record). A row is applied as soon as it arrives, even past a hole: the row before it in seq
// order was usually committed by another relay at the same moment and is independent of it, and
// when it is not, Yjs holds the row until its dependency is there. The hole itself is still
// tracked, and filled by a repair read from the store if it stays. Pure: no timers, no I/O.
import type { StoredRow } from '../store/types.js'

/**
 * Rows applied past a hole; beyond this, bus rows are dropped and the repair read brings them,
 * so a hole that never fills cannot make Yjs hold an unbounded set of pending rows.
 */
const MAX_AHEAD_ROWS = 1_000

export class AppliedSeqs {
  /** Seqs above `mark` already in the doc: this relay's own, and bus rows applied past a hole. */
  private readonly ahead = new Set<number>()

  constructor(private mark: number) {}

  /** Every row up to this seq has been applied. */
  get applied(): number {
    return this.mark
  }

  /** Whether a row above `applied + 1` arrived without the ones before it. */
  get hasGap(): boolean {
    return this.ahead.size > 0
  }

  /** Notes rows this relay stored itself (already in its doc). */
  noteOwn(seqs: Iterable<number>): void {
    for (const seq of seqs) if (seq > this.mark) this.ahead.add(seq)
    this.advance()
  }

  /**
   * Takes rows from the bus; returns the ones to apply now, in seq order: every row not applied
   * yet, past a hole or not. Older rows, and rows past a hole beyond the bound, are dropped.
   */
  takeFromBus(rows: readonly StoredRow[]): StoredRow[] {
    const fresh: StoredRow[] = []
    for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
      if (row.seq <= this.mark || this.ahead.has(row.seq)) continue
      if (row.seq > this.mark + 1 && this.ahead.size >= MAX_AHEAD_ROWS) continue
      this.ahead.add(row.seq)
      fresh.push(row)
      this.advance()
    }
    return fresh
  }

  /**
   * Takes what a read of everything after `applied` returned: a complete record, so the run
   * jumps to its last seq (a snapshot's seq covers rows merged into it). Returns the rows to
   * apply: those not applied yet.
   */
  takeFromStore(rows: readonly StoredRow[]): StoredRow[] {
    const fresh = rows.filter((row) => row.seq > this.mark && !this.ahead.has(row.seq))
    const last = rows.at(-1)
    if (last !== undefined && last.seq > this.mark) this.mark = last.seq
    for (const seq of this.ahead) if (seq <= this.mark) this.ahead.delete(seq)
    this.advance()
    return fresh
  }

  private advance(): void {
    while (this.ahead.delete(this.mark + 1)) this.mark++
  }
}
