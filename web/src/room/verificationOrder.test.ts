// The view must not depend on the order in which signatures are checked: whatever batches the
// checks come back in, the fold equals the one that knew every verdict from the start.
import { verifyEnvelope } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import { appendEdit, appendJoin, appendMessage, appendReaction, appendRetract, appendTitle } from './append'
import { foldLog, readLog } from './fold'
import { FoldState } from './foldState'
import { getLog } from './log'
import { type Slot, TRUST_NOTHING, type Trust } from './slots'
import {
  createRandom,
  createTestPerson,
  docWithClient,
  ROOM,
  syncDocs,
  verify,
  viewOf,
  writeProfile,
} from './testing'

/** A room with a bit of everything, written by three people on two devices. */
async function busyRoom() {
  const [alice, bob, carol] = await Promise.all(
    ['Alice', 'Bob', 'Carol'].map((name) => createTestPerson(name)),
  )
  if (!alice || !bob || !carol) throw new Error('no people')
  const a = docWithClient(1)
  const b = docWithClient(2)
  const wa = alice.writer(a)
  const wb = bob.writer(b)
  const wc = carol.writer(b)
  await writeProfile(wa, alice)
  await appendJoin(wa)
  await appendTitle(wa, 'First title')
  const first = await appendMessage(wa, 'hello')
  syncDocs(a, b)
  await writeProfile(wb, bob, 3)
  const reply = await appendMessage(wb, { text: 'hi', replyTo: first?.entry.id })
  await appendEdit(wb, first?.entry.id ?? '', 'forged edit')
  await appendReaction(wc, { target: first?.entry.id ?? '', emoji: '👍', on: true })
  await writeProfile(wb, bob, 2, 'Bob (stale)')
  getLog(b).push([
    { v: 1, id: 'old', type: 'message', author: { id: 'x', name: 'Old' }, ts: 1, text: 'legacy' },
    { ...first?.envelope, body: first?.envelope.body.replace('hello', 'HELLO') },
  ])
  for (let i = 0; i < 40; i++) await appendMessage(i % 2 ? wa : wc, `filler ${i}`)
  await appendEdit(wa, first?.entry.id ?? '', 'hello, edited')
  await writeProfile(wa, alice, 2, 'Alice L.')
  syncDocs(a, b)
  getLog(a).push([reply?.envelope, first?.envelope])
  await appendRetract(wb, reply?.entry.id ?? '')
  await appendTitle(wc, 'Second title')
  syncDocs(a, b)
  return a
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j] as T, items[i] as T]
  }
  return items
}

describe('verification order', () => {
  it('gives the same view whatever order and batches the verdicts arrive in', async () => {
    const doc = await busyRoom()
    const { values, ids } = readLog(getLog(doc))
    // Every verdict, known up front: the reference fold.
    const verdicts = new Map<string, boolean>()
    const probe = new FoldState(TRUST_NOTHING)
    probe.insert(0, values, ids)
    for (const group of probe.takePending(1e9, false)) {
      for (const slot of group) {
        verdicts.set(
          `${slot.logId.client}.${slot.logId.clock}`,
          await verifyEnvelope(ROOM, slot.envelope, verify),
        )
      }
    }
    const known: Trust = (logId) => verdicts.get(`${logId.client}.${logId.clock}`) ?? null
    const reference = viewOf(foldLog(getLog(doc), known))
    expect(reference.verification.ignored).toEqual({
      badSignature: 1,
      unsigned: 0,
      wrongAuthor: 1,
      duplicate: 2,
    })

    for (let seed = 1; seed <= 40; seed++) {
      const random = createRandom(seed)
      const state = new FoldState(TRUST_NOTHING)
      state.insert(0, values, ids)
      let checking: Slot[] = []
      while (state.pendingCount > 0) {
        const taken = state.takePending(1 + Math.floor(random() * 12), random() < 0.5).flat()
        checking = shuffle([...checking, ...taken], random)
        // Settle a random share of what is being checked; the rest comes back later.
        const now = checking.splice(0, Math.max(1, Math.floor(random() * checking.length)))
        state.settle(
          new Map(
            now.map((slot) => [slot, verdicts.get(`${slot.logId.client}.${slot.logId.clock}`) === true]),
          ),
        )
      }
      expect(viewOf(state), `seed ${seed}`).toEqual(reference)
    }
  })
})
