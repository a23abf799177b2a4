import { describe, expect, it } from 'vitest'
import { messageAt } from '../readState/unreadPosition'
import { appendMessage, appendRetract, type RoomFold } from '../room'
import { createTestPerson, docWithClient, foldOf, verified, writeProfile } from '../room/testing'
import { selectWindow } from './unreadWindow'
import { decodeCachedView, encodeCachedView, foldCachedView, selectCachedView } from './viewCache'

const alice = await createTestPerson('Alice')
const bob = await createTestPerson('Bob', '#2f9e44')

/**
 * `count` messages by two people, with a thread reply and a retracted message in the middle, so
 * the window holds entries that are not timeline rows and one whose retraction is far later.
 */
async function roomWithHistory(count: number): Promise<{ fold: RoomFold; retracted: string }> {
  const doc = docWithClient(1)
  const wa = alice.writer(doc)
  const wb = bob.writer(doc)
  await writeProfile(wa, alice)
  await writeProfile(wb, bob)
  let retracted = ''
  let root = ''
  for (let i = 0; i < count; i++) {
    const written = await appendMessage(i % 2 === 0 ? wa : wb, `message ${i}`, 10 + i)
    if (i === 402 || (count < 402 && i === 0)) retracted = written?.entry.id ?? ''
    if (i === 400) root = written?.entry.id ?? ''
    if (i === 405) await appendMessage(wa, { text: 'in the thread', thread: root }, 10 + i)
  }
  await appendRetract(wa, retracted, 10_000)
  return { fold: await verified(foldOf(doc)), retracted }
}

function cacheOf(fold: RoomFold, firstUnread: number | null) {
  const cached = decodeCachedView(encodeCachedView(selectCachedView(fold, [], firstUnread)))
  if (cached === null) throw new Error('not decoded')
  return cached
}

describe('the unread window of the view cache', () => {
  it('previews from the first unread message, with the divider where the full fold puts it', async () => {
    const { fold, retracted } = await roomWithHistory(1000)
    const full = fold.getSnapshot()
    const firstUnread = 404
    const cached = cacheOf(fold, firstUnread)
    expect(cached.window?.from).toBe(firstUnread - 8)
    expect(cached.placement).toEqual({ messageCount: 1000, newestFrom: full.messageCount - 199 })
    const preview = foldCachedView(cached, firstUnread)
    const placement = preview.placement
    if (placement === undefined) throw new Error('no placement')
    expect(placement).toEqual({ firstMessage: firstUnread - 8, messageCount: 1000 })
    expect(messageAt(preview.timeline, firstUnread - placement.firstMessage)).toBe(
      messageAt(full.timeline, firstUnread),
    )
    // Rows are the full fold's rows from the window's first message on (names included)...
    const start = full.timeline.findIndex((item) => item.key === preview.timeline[0]?.key)
    const rows = full.timeline.slice(start, start + preview.timeline.length)
    expect(preview.timeline.map((item) => item.key)).toEqual(rows.map((item) => item.key))
    expect(preview.timeline[0]?.author.name).toMatch(/^(Alice|Bob)$/)
    // ...the thread reply stays in its thread, and a message retracted later shows retracted.
    expect(preview.timeline.some((item) => item.kind === 'message' && item.text === 'in the thread')).toBe(
      false,
    )
    const gone = preview.timeline.find((item) => item.entryId === retracted)
    expect(gone?.kind === 'message' && gone.retracted && gone.text === '').toBe(true)
  })

  it('previews the newest entries, placed, when the first unread is among them or not in the window', async () => {
    const { fold } = await roomWithHistory(400)
    const full = fold.getSnapshot()
    const cached = cacheOf(fold, 100)
    const later = foldCachedView(cached, 300)
    expect(later.placement?.firstMessage).toBe(cached.placement?.newestFrom)
    expect(messageAt(later.timeline, 300 - (later.placement?.firstMessage ?? 0))).toBe(
      messageAt(full.timeline, 300),
    )
    // Read further on another device since the cache was written: before the window's messages.
    expect(foldCachedView(cached, 50).timeline.at(-1)?.key).toBe(full.timeline.at(-1)?.key)
    expect(foldCachedView(cached, null).timeline.at(-1)?.key).toBe(full.timeline.at(-1)?.key)
  })

  it('is left out when everything is read or the newest entries hold it', async () => {
    const { fold } = await roomWithHistory(300)
    expect(selectWindow(fold, 300)).toBeNull()
    expect(selectWindow(fold, -1)).toBeNull()
    expect(cacheOf(fold, 300).window).toBeUndefined()
    expect(cacheOf(fold, 290).window).toBeUndefined()
  })

  it('stays within its budget, and a window cut short of the first unread places nothing there', async () => {
    const { fold } = await roomWithHistory(600)
    const small = selectWindow(fold, 100, 4)
    expect(small?.entries).toHaveLength(4)
    const cached = cacheOf(fold, 100)
    if (cached.window === undefined) throw new Error('no window')
    const cut = { ...cached, window: { ...cached.window, entries: cached.window.entries.slice(0, 4) } }
    expect(foldCachedView(cut, 100).placement).toBeUndefined()
  })

  it('reads caches written before placements and windows were kept', async () => {
    const { fold } = await roomWithHistory(50)
    const { placement, window, ...older } = selectCachedView(fold, [], 10)
    const decoded = decodeCachedView(encodeCachedView(older))
    expect(decoded).toEqual(older)
    expect(foldCachedView(older, 10).placement).toBeUndefined()
  })
})
