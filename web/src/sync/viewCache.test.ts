import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { appendJoin, appendMessage, appendTitle, getLog, type RoomFold } from '../room'
import { createTestPerson, docWithClient, foldOf, syncDocs, verified, writeProfile } from '../room/testing'
import {
  type CachedView,
  decodeCachedView,
  encodeCachedView,
  foldCachedView,
  selectCachedView,
  VIEW_CACHE_MAX_ENTRIES,
} from './viewCache'
import { createViewCacheWriter, VIEW_CACHE_DEBOUNCE_MS } from './viewCacheWriter'

const alice = await createTestPerson('Alice')
const bob = await createTestPerson('Bob', '#2f9e44')

/** A room written by two people on two devices: profiles and a title first, then `count` messages. */
async function busyRoom(count: number): Promise<{ doc: Y.Doc; fold: RoomFold }> {
  const a = docWithClient(1)
  const b = docWithClient(2)
  const wa = alice.writer(a)
  const wb = bob.writer(b)
  await writeProfile(wa, alice)
  await appendJoin(wa, 1)
  await appendTitle(wa, 'Plans', 2)
  await writeProfile(wb, bob)
  const sent: Promise<unknown>[] = []
  for (let i = 0; i < count; i++) {
    sent.push(appendMessage(i % 3 === 0 ? wb : wa, `message ${i}`, 10 + i))
    if (i % 7 === 0) {
      await Promise.all(sent)
      syncDocs(a, b)
    }
  }
  await Promise.all(sent)
  syncDocs(a, b)
  return { doc: a, fold: await verified(foldOf(a)) }
}

const keys = (items: readonly { key: string }[]) => items.map((item) => item.key)

describe('selectCachedView', () => {
  it('keeps the newest values the view shows, in log order, with their ids and authors’ profiles', async () => {
    const { doc, fold } = await busyRoom(500)
    const { entries, pins, profiles } = selectCachedView(fold, [])
    const log = getLog(doc).toArray()
    expect(entries).toHaveLength(VIEW_CACHE_MAX_ENTRIES)
    expect(entries.map((entry) => entry.value)).toEqual(log.slice(-VIEW_CACHE_MAX_ENTRIES))
    const full = fold.getSnapshot().timeline
    expect(entries.map(({ id }) => `${id.client}.${id.clock}`)).toEqual(keys(full.slice(-entries.length)))
    expect(pins).toEqual([])
    expect(profiles.map(({ value }) => (value as { key: string }).key).sort()).toEqual(
      [alice.key, bob.key].sort(),
    )
  })

  it('never caches what is not verified yet, or does not verify', async () => {
    const { doc, fold } = await busyRoom(5)
    const mallory = docWithClient(9)
    const late = await appendMessage(alice.writer(mallory), 'checked after the first look')
    getLog(mallory).push([{ ...late?.envelope, body: late?.envelope.body.replace('checked', 'forged') }])
    syncDocs(doc, mallory)
    const values = () => selectCachedView(fold, []).entries.map((entry) => JSON.stringify(entry.value))
    expect(values().some((value) => value.includes('checked after'))).toBe(false)
    await fold.whenVerified()
    expect(values().some((value) => value.includes('checked after'))).toBe(true)
    expect(values().some((value) => value.includes('forged'))).toBe(false)
  })

  it('is bounded by a character budget as well as a count', async () => {
    const doc = new Y.Doc()
    const fold = foldOf(doc)
    const writer = alice.writer(doc)
    for (let i = 0; i < 50; i++) await appendMessage(writer, 'x'.repeat(1000), i)
    const { entries } = selectCachedView(fold, [], null, 200, 10_000)
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.length).toBeLessThan(10)
    expect(encodeCachedView({ entries, pins: [], profiles: [] }).length).toBeLessThan(11_000)
    expect(entries.at(-1)?.value).toEqual(getLog(doc).get(49))
  })

  it('pins an older title, but only once and only if the view shows it', async () => {
    const { doc, fold } = await busyRoom(300)
    const title = fold.getSnapshot().timeline.find((item) => item.kind === 'title')
    if (!title) throw new Error('no title')
    const missing = { client: 99, clock: 5 }
    const { entries, pins } = selectCachedView(fold, [missing, title.logId])
    expect(pins).toEqual([{ id: title.logId, value: getLog(doc).get(2) }])
    const small = await busyRoom(3)
    const smallTitle = small.fold.getSnapshot().timeline.find((item) => item.kind === 'title')
    if (!smallTitle) throw new Error('no title')
    expect(selectCachedView(small.fold, [smallTitle.logId]).pins).toEqual([])
    expect(entries).toHaveLength(VIEW_CACHE_MAX_ENTRIES)
  })
})

describe('encode / decode', () => {
  it('round-trips and rejects anything it did not write', async () => {
    const view = selectCachedView((await busyRoom(20)).fold, [])
    expect(decodeCachedView(encodeCachedView(view))).toEqual(view)
    for (const bad of [
      null,
      42,
      '{',
      // Version 1 cached whatever the log held, verified or not.
      '{"v":1,"entries":[],"pins":[]}',
      '{"v":2,"entries":[],"pins":[]}',
      '{"v":2,"entries":[[1,-1,{}]],"pins":[],"profiles":[]}',
      '{"v":2,"entries":[[1.5,1,{}]],"pins":[],"profiles":[]}',
      '{"v":2,"entries":[[1,1]],"pins":[],"profiles":[]}',
      '{"v":2,"entries":{},"pins":[],"profiles":[]}',
      JSON.stringify({
        v: 2,
        entries: Array.from({ length: 201 }, (_, i) => [1, i, null]),
        pins: [],
        profiles: [],
      }),
    ]) {
      expect(decodeCachedView(bad)).toBeNull()
    }
  })
})

describe('foldCachedView', () => {
  it('shows the same newest items (names included), title and last message as the full fold', async () => {
    const { fold } = await busyRoom(1000)
    const full = fold.getSnapshot()
    const title = full.timeline.find((item) => item.kind === 'title')
    const cached = decodeCachedView(encodeCachedView(selectCachedView(fold, title ? [title.logId] : [])))
    if (!cached) throw new Error('not decoded')
    const preview = foldCachedView(cached)
    expect(preview.timeline).toEqual(full.timeline.slice(-preview.timeline.length))
    expect(preview.timeline).toHaveLength(VIEW_CACHE_MAX_ENTRIES)
    expect(preview.timeline.at(-1)?.author.name).toMatch(/^(Alice|Bob)$/)
    expect(preview.title).toBe('Plans')
    expect(preview.lastMessage).toEqual(full.lastMessage)
    expect(preview.version).toBeLessThan(full.version)
  })

  it('ignores malformed cached values the way the fold ignores malformed entries', () => {
    const view: CachedView = {
      entries: [
        { id: { client: 1, clock: 0 }, value: { v: 1, type: 'message' } },
        { id: { client: 1, clock: 1 }, value: 'junk' },
      ],
      pins: [],
      profiles: [],
    }
    expect(foldCachedView(view).timeline).toEqual([])
  })
})

describe('createViewCacheWriter', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('writes once after the view goes quiet, and not again while nothing changed', async () => {
    const { doc, fold } = await busyRoom(10)
    vi.useFakeTimers()
    const saved: string[] = []
    const writer = createViewCacheWriter(fold, {
      pins: () => [],
      save: (text) => saved.push(text),
      stored: null,
    })
    const own = alice.writer(doc)
    await appendMessage(own, 'one more', 100)
    vi.advanceTimersByTime(VIEW_CACHE_DEBOUNCE_MS / 2)
    await appendMessage(own, 'and another', 101)
    expect(saved).toEqual([])
    vi.advanceTimersByTime(VIEW_CACHE_DEBOUNCE_MS)
    expect(saved).toHaveLength(1)
    expect(JSON.stringify(decodeCachedView(saved[0])?.entries.at(-1)?.value)).toContain('and another')
    writer.flush()
    expect(saved).toHaveLength(1)
    await appendMessage(own, 'late', 102)
    writer.flush()
    expect(saved).toHaveLength(2)
    writer.close()
    await appendMessage(own, 'after close', 103)
    vi.advanceTimersByTime(VIEW_CACHE_DEBOUNCE_MS * 2)
    expect(saved).toHaveLength(2)
  })

  it('never writes the view of an empty log', () => {
    vi.useFakeTimers()
    const save = vi.fn()
    const writer = createViewCacheWriter(foldOf(new Y.Doc()), { pins: () => [], save, stored: 'something' })
    vi.advanceTimersByTime(VIEW_CACHE_DEBOUNCE_MS * 2)
    writer.flush()
    expect(save).not.toHaveBeenCalled()
    writer.close()
  })

  it('does not rewrite a cache that already holds the current view', async () => {
    const { fold } = await busyRoom(10)
    vi.useFakeTimers()
    const stored = encodeCachedView(selectCachedView(fold, []))
    const save = vi.fn()
    const writer = createViewCacheWriter(fold, { pins: () => [], save, stored })
    vi.advanceTimersByTime(VIEW_CACHE_DEBOUNCE_MS * 2)
    expect(save).not.toHaveBeenCalled()
    writer.close()
  })

  it('keeps the window at the first unread message, and rewrites it on flush once reading moved it', async () => {
    const { fold } = await busyRoom(600)
    vi.useFakeTimers()
    let firstUnread: number | null = 100
    const saved: string[] = []
    const writer = createViewCacheWriter(fold, {
      pins: () => [],
      firstUnread: () => firstUnread,
      save: (text) => saved.push(text),
      stored: null,
    })
    vi.advanceTimersByTime(VIEW_CACHE_DEBOUNCE_MS * 2)
    expect(saved).toHaveLength(1)
    expect(decodeCachedView(saved[0])?.window?.from).toBe(92)
    writer.flush()
    expect(saved).toHaveLength(1)
    // Read to the end: the window goes (the newest entries hold the first unread, if any).
    firstUnread = 600
    writer.flush()
    expect(saved).toHaveLength(2)
    expect(decodeCachedView(saved[1])?.window).toBeUndefined()
    writer.close()
  })
})
