// Keeps a person's read state small. Its documents are append-only like rooms (the relay keeps
// every entry of a log, and its compaction only merges stored updates: relay/src/merger.ts), so
// one document would grow by an entry per coalesced read for ever. Instead the read state lives in
// generations: once the current document holds many more entries than places, the device that
// wrote last seeds the next generation with one entry per place (the fold's newest positions),
// then appends `moved {to}` to the old one (so its other devices follow) and to generation 0 (so a
// new device, which starts there, jumps straight to the newest). Each generation is then about
// ROLLOVER_MIN_ENTRIES + 2 entries per place, and generation 0 grows by one entry per rollover.
//
// A device still writing to an old generation (offline) sees the `moved` entry once back, and
// carries every position it knows into the new one; positions only move forward, so nothing read
// is lost whichever device writes first. No network here: `open` connects a generation.
import { markAt, type ReadMark } from './readEntries'
import type { ReadStateDoc, ReadStateGeneration } from './readStateDoc'

/** A generation holds at least this many entries before it is rolled over. */
export const ROLLOVER_MIN_ENTRIES = 256

/** One generation's document, opened. */
export interface GenerationHandle {
  state: ReadStateGeneration
  /** The local copy is read (and, on a device without one, the relay answered or it is offline). */
  whenLoaded: Promise<void>
  /** The relay answered and the document is this person's (claimed): writes go out from here on. */
  whenClaimed: Promise<void>
  /** Writes what is waiting, then closes. */
  close(): void
}

export interface ReadStateChainOptions {
  open(generation: number): Promise<GenerationHandle>
  /** The generation this device used last (0 on a new device). */
  remembered: number
  remember(generation: number): void
  /** Entries over which a generation is rolled over, given its places (tests pass a small one). */
  rolloverAt?(places: number): number
}

export interface ReadStateChain extends ReadStateDoc {
  /** Resolves once the newest generation this device can learn of is loaded. */
  whenLoaded: Promise<void>
  /** The generation in use. */
  generation(): number
}

const defaultRolloverAt = (places: number) => ROLLOVER_MIN_ENTRIES + 2 * places

export async function openReadStateChain(options: ReadStateChainOptions): Promise<ReadStateChain> {
  const rolloverAt = options.rolloverAt ?? defaultRolloverAt
  const listeners = new Set<() => void>()
  const notify = () => {
    for (const listener of listeners) listener()
  }
  let generation = options.remembered
  let current = await options.open(generation)
  let stopCurrent = () => {}
  let closed = false
  let moving: Promise<void> | null = null

  /** Makes `next` current, carrying every position known here into it. */
  const switchTo = (next: GenerationHandle, to: number) => {
    const carried = [...current.state.entries()]
    stopCurrent()
    const old = current
    current = next
    generation = to
    options.remember(to)
    for (const [place, position] of carried) current.state.markRead(markAt(place, position))
    watch()
    old.close()
    notify()
  }
  const follow = async (to: number) => {
    const next = await options.open(to)
    if (closed) return next.close()
    switchTo(next, to)
    await next.whenLoaded
    await next.state.whenRead()
  }
  const rollOver = async () => {
    const from = current
    const to = generation + 1
    const next = await options.open(to)
    await next.whenClaimed
    if (closed || current !== from) return next.close()
    for (const [place, position] of from.state.entries()) next.state.markRead(markAt(place, position))
    await next.state.flush()
    await from.state.markMoved(to)
    if (generation !== 0) {
      const first = await options.open(0)
      await first.whenClaimed
      await first.state.markMoved(to)
      first.close()
    }
    if (!closed && current === from) switchTo(next, to)
    else next.close()
  }
  const step = (run: () => Promise<void>) => {
    if (moving !== null || closed) return
    moving = run().finally(() => {
      moving = null
      // A pointer read while moving (the next generation may point further) is followed now.
      if (!closed) check()
    })
  }
  const check = () => {
    const to = current.state.movedTo()
    if (to > generation) step(() => follow(to))
  }
  // Only the device whose write crossed the line rolls over, so two seldom do it at once.
  const checkSize = () => {
    if (current.state.size() > rolloverAt(current.state.places())) step(rollOver)
  }
  function watch() {
    const stopChanges = current.state.subscribe(() => {
      check()
      notify()
    })
    const stopWrites = current.state.onWritten(checkSize)
    stopCurrent = () => {
      stopChanges()
      stopWrites()
    }
  }
  watch()

  const whenLoaded = (async () => {
    await current.whenLoaded
    await current.state.whenRead()
    check()
    // Following a pointer loads the next generation; it may point further still.
    while (moving !== null) await moving
  })()

  return {
    whenLoaded,
    generation: () => generation,
    get: (room, thread) => current.state.get(room, thread),
    entries: () => current.state.entries(),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    markRead(mark: ReadMark) {
      current.state.markRead(mark)
    },
    claim: () => current.state.claim(),
    flush: () => current.state.flush(),
    close() {
      closed = true
      stopCurrent()
      listeners.clear()
      current.close()
    },
  }
}
