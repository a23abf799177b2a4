import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { getLog } from '../room'
import { createTestPerson, syncDocs, type TestPerson, verify } from '../room/testing'
import { type GenerationHandle, openReadStateChain, type ReadStateChain } from './readStateChain'
import { createReadStateDoc } from './readStateDoc'

/** Small, so a test rolls over after a few reads (the app's is ROLLOVER_MIN_ENTRIES + 2 a place). */
const rolloverAt = (places: number) => 6 + 2 * places

/** The relay's copy of each generation; devices sync with it while online. */
function createTestRelay() {
  const docs = new Map<number, Y.Doc>()
  return {
    doc(generation: number): Y.Doc {
      let doc = docs.get(generation)
      if (doc === undefined) {
        doc = new Y.Doc()
        docs.set(generation, doc)
      }
      return doc
    },
    size: (generation: number) => getLog(docs.get(generation) ?? new Y.Doc()).length,
  }
}
type TestRelay = ReturnType<typeof createTestRelay>

/** One device of `person`: a document per generation, synced with the relay while online. */
function createDevice(relay: TestRelay, person: TestPerson) {
  let online = true
  const docs = new Map<number, Y.Doc>()
  const waiting: (() => void)[] = []
  const chains: ReadStateChain[] = []
  let remembered = 0
  const open = async (generation: number): Promise<GenerationHandle> => {
    const doc = new Y.Doc()
    const upstream = relay.doc(generation)
    docs.set(generation, doc)
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (online && origin !== upstream) Y.applyUpdate(upstream, update, doc)
    })
    upstream.on('update', (update: Uint8Array, origin: unknown) => {
      if (online && origin !== doc) Y.applyUpdate(doc, update, upstream)
    })
    const state = createReadStateDoc(doc, { room: `reads-${generation}`, signer: person.signer, verify })
    const whenClaimed = new Promise<void>((resolve) => {
      const claim = () => void state.claim().then(resolve)
      if (online) {
        syncDocs(doc, upstream)
        claim()
      } else waiting.push(claim)
    })
    return { state, whenLoaded: Promise.resolve(), whenClaimed, close: () => state.close() }
  }
  return {
    async chain(): Promise<ReadStateChain> {
      const chain = await openReadStateChain({
        open,
        remembered,
        remember: (generation) => {
          remembered = generation
        },
        rolloverAt,
      })
      chains.push(chain)
      return chain
    },
    offline() {
      online = false
    },
    online() {
      online = true
      for (const [generation, doc] of docs) syncDocs(doc, relay.doc(generation))
      for (const claim of waiting.splice(0)) claim()
    },
    close() {
      for (const chain of chains) chain.close()
    },
  }
}

/** Resolves once `predicate` holds of `chain`, checked on each of its changes. */
function until(chain: ReadStateChain, predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate()) return resolve()
    const stop = chain.subscribe(() => {
      if (!predicate()) return
      stop()
      resolve()
    })
  })
}

/**
 * `count` reads spread over `rooms`, each written at once (as coalescing would, read by read);
 * a read that crosses the line waits for the rollover, as reads seconds apart would.
 */
async function read(
  relay: TestRelay,
  chain: ReadStateChain,
  rooms: readonly string[],
  from: number,
  count: number,
) {
  for (let i = from; i < from + count; i++) {
    chain.markRead({ room: rooms[i % rooms.length] ?? 'r', count: i + 1, last: `m${i}` })
    await chain.flush()
    const generation = chain.generation()
    if (relay.size(generation) > rolloverAt(rooms.length))
      await until(chain, () => chain.generation() > generation)
  }
}

const devices: ReturnType<typeof createDevice>[] = []
afterEach(() => {
  for (const device of devices.splice(0)) device.close()
})

/** Two devices of one person on one relay, the laptop's chain claimed. */
async function laptopAndPhone() {
  const me = await createTestPerson('Me')
  const relay = createTestRelay()
  const laptop = createDevice(relay, me)
  const phone = createDevice(relay, me)
  devices.push(laptop, phone)
  const onLaptop = await laptop.chain()
  await onLaptop.claim()
  const onPhone = await phone.chain()
  return { me, relay, phone, onLaptop, onPhone }
}

describe('read-state generations', () => {
  it('roll over into a small new document holding every position, which the old one names', async () => {
    const me = await createTestPerson('Me')
    const relay = createTestRelay()
    const laptop = createDevice(relay, me)
    devices.push(laptop)
    const chain = await laptop.chain()
    await chain.claim()
    const rooms = ['a', 'b', 'c']
    await read(relay, chain, rooms, 0, 40)
    await until(chain, () => chain.generation() >= 2)
    await read(relay, chain, rooms, 40, 1)
    // Every generation stays about at its line: one write past it, then `moved` (and, in
    // generation 0, one `moved` per rollover).
    for (let generation = 0; generation <= chain.generation(); generation++)
      expect(relay.size(generation)).toBeLessThanOrEqual(rolloverAt(rooms.length) + 2 + chain.generation())
    expect(chain.get('c')).toEqual({ count: 39, last: 'm38' })
    expect(chain.get('b')).toEqual({ count: 41, last: 'm40' })
    // Without generations the document would hold an entry per read.
    expect(relay.size(chain.generation())).toBeLessThan(20)
  })

  it('another device follows, and a new device goes from generation 0 straight to the newest', async () => {
    const { me, relay, onLaptop, onPhone } = await laptopAndPhone()
    await read(relay, onLaptop, ['a', 'b'], 0, 30)
    await until(onLaptop, () => onLaptop.generation() >= 2)
    await until(onPhone, () => onPhone.generation() === onLaptop.generation())
    await until(onPhone, () => onPhone.get('a')?.count === onLaptop.get('a')?.count)

    const tablet = createDevice(relay, me)
    devices.push(tablet)
    const onTablet = await tablet.chain()
    await onTablet.whenLoaded
    expect(onTablet.generation()).toBe(onLaptop.generation())
    expect(onTablet.get('b')).toEqual(onLaptop.get('b'))
  })

  it('a device that read offline in the old generation carries its reads into the new one', async () => {
    const { relay, phone, onLaptop, onPhone } = await laptopAndPhone()
    phone.offline()
    onPhone.markRead({ room: 'far', count: 500, last: 'z' })
    await onPhone.flush()
    await read(relay, onLaptop, ['a', 'b'], 0, 20)
    await until(onLaptop, () => onLaptop.generation() >= 1)
    expect(onLaptop.get('far')).toBeUndefined()
    phone.online()
    await until(onPhone, () => onPhone.generation() === onLaptop.generation())
    await onPhone.flush()
    await until(onLaptop, () => onLaptop.get('far')?.count === 500)
    await until(onPhone, () => onPhone.get('a')?.count === onLaptop.get('a')?.count)
  })
})
