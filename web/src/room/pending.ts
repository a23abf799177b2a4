// The signed entries of a fold whose signatures are still to be checked, handed out in batches:
// newest first (a fresh device shows the latest messages as soon as they are checked), profiles
// ahead of the first batch (so names are there with them), and identical copies of an envelope
// together (checked once; folded together, so the first copy in log order is the one that counts
// without the fold starting over).
import type { Envelope } from '@parley/protocol'
import { isPending, type Slot } from './slots'

/** Profiles taken ahead of the first batch, at most. */
const PROFILES_FIRST_MAX = 256

/** Slots holding byte-identical envelopes: one check decides them all. */
export type PendingGroup = readonly (Slot & { envelope: Envelope })[]

export class PendingSlots {
  /** By signature: a replayed copy has the same one (and the same key and body). */
  private readonly bySig = new Map<string, Slot[]>()
  private waiting = 0
  private checking = 0

  /** Slots either waiting or being checked. */
  get size(): number {
    return this.waiting + this.checking
  }

  add(slot: Slot): void {
    if (slot.state !== 'pending' || slot.envelope === null) return
    this.waiting++
    const list = this.bySig.get(slot.envelope.sig)
    if (list) list.push(slot)
    else this.bySig.set(slot.envelope.sig, [slot])
  }

  /** `slot` has its verdict (its state is no longer pending or checking). */
  settled(slot: Slot, wasChecking: boolean): void {
    if (wasChecking) this.checking--
    else this.waiting--
    const sig = slot.envelope?.sig
    const list = sig === undefined ? undefined : this.bySig.get(sig)
    if (sig === undefined || list === undefined) return
    const rest = list.filter(isPending)
    if (rest.length > 0) this.bySig.set(sig, rest)
    else this.bySig.delete(sig)
  }

  /**
   * Marks up to about `max` waiting slots of `slots` (the log) as being checked and returns them
   * grouped by identical envelope, newest first; with `profilesFirst`, waiting profiles first.
   */
  take(slots: readonly (Slot | null)[], max: number, profilesFirst: boolean): PendingGroup[] {
    const groups: PendingGroup[] = []
    let taken = 0
    const take = (slot: Slot | null) => {
      if (slot?.state !== 'pending' || slot.envelope === null) return
      const { key, body, sig } = slot.envelope
      const same = (this.bySig.get(sig) ?? [slot]).filter(
        (other): other is Slot & { envelope: Envelope } =>
          other.state === 'pending' && other.envelope?.key === key && other.envelope.body === body,
      )
      for (const other of same) other.state = 'checking'
      this.waiting -= same.length
      this.checking += same.length
      taken += same.length
      groups.push(same)
    }
    if (profilesFirst) {
      for (let i = slots.length - 1; i >= 0 && taken < PROFILES_FIRST_MAX && this.waiting > 0; i--) {
        if (slots[i]?.entry?.type === 'profile') take(slots[i] ?? null)
      }
    }
    for (let i = slots.length - 1; i >= 0 && taken < max && this.waiting > 0; i--) take(slots[i] ?? null)
    return groups
  }
}
