import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { appendJoin, appendMessage, appendTitle, createFold, getLog } from '../room'
import { alice, bob, docWithClient, syncDocs } from '../room/testing'
import {
  type CachedView,
  decodeCachedView,
  encodeCachedView,
  foldCachedView,
  selectCachedView,
  VIEW_CACHE_MAX_ENTRIES,
} from './viewCache'
import { createViewCacheWriter, VIEW_CACHE_DEBOUNCE_MS } from './viewCacheWriter'

/** A room written by two peers: a title first, then `count` messages, partly concurrent. */
function busyRoom(count: number): Y.Doc {
  const a = docWithClient(1)
  const b = docWithClient(2)
  appendJoin(a, alice, 1)
  appendTitle(a, alice, 'Plans', 2)
  for (let i = 0; i < count; i++) {
    appendMessage(i % 3 === 0 ? b : a, i % 3 === 0 ? bob : alice, `message ${i}`, 10 + i)
    if (i % 7 === 0) syncDocs(a, b)
  }
  syncDocs(a, b)
  return a
}

const keys = (items: readonly { key: string }[]) => items.map((item) => item.key)

describe('selectCachedView', () => {
  it('keeps the newest values of the log in log order, with the ids the doc holds them under', () => {
    const doc = busyRoom(500)
    const { entries, pins } = selectCachedView(doc, [])
    const log = getLog(doc).toArray()
    expect(entries).toHaveLength(VIEW_CACHE_MAX_ENTRIES)
    expect(entries.map((entry) => entry.value)).toEqual(log.slice(-VIEW_CACHE_MAX_ENTRIES))
    const full = createFold(doc).getSnapshot().timeline
    expect(entries.map(({ id }) => `${id.client}.${id.clock}`)).toEqual(keys(full.slice(-entries.length)))
    expect(pins).toEqual([])
  })

  it('is bounded by a character budget as well as a count', () => {
    const doc = new Y.Doc()
    for (let i = 0; i < 50; i++) appendMessage(doc, alice, 'x'.repeat(1000), i)
    const { entries } = selectCachedView(doc, [], 200, 10_000)
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.length).toBeLessThan(10)
    expect(encodeCachedView({ entries, pins: [] }).length).toBeLessThan(11_000)
    expect(entries.at(-1)?.value).toEqual(getLog(doc).get(49))
  })

  it('pins an older title, but only once and only from the doc', () => {
    const doc = busyRoom(300)
    const title = createFold(doc)
      .getSnapshot()
      .timeline.find((item) => item.kind === 'title')
    if (!title) throw new Error('no title')
    const missing = { client: 99, clock: 5 }
    const { entries, pins } = selectCachedView(doc, [missing, title.logId])
    expect(pins).toEqual([{ id: title.logId, value: getLog(doc).get(1) }])
    const small = busyRoom(3)
    const smallTitle = createFold(small)
      .getSnapshot()
      .timeline.find((item) => item.kind === 'title')
    if (!smallTitle) throw new Error('no title')
    expect(selectCachedView(small, [smallTitle.logId]).pins).toEqual([])
    expect(entries).toHaveLength(VIEW_CACHE_MAX_ENTRIES)
  })
})

describe('encode / decode', () => {
  it('round-trips and rejects anything it did not write', () => {
    const view = selectCachedView(busyRoom(20), [])
    expect(decodeCachedView(encodeCachedView(view))).toEqual(view)
    for (const bad of [
      null,
      42,
      '{',
      '{"v":2,"entries":[],"pins":[]}',
      '{"v":1,"entries":[[1,-1,{}]],"pins":[]}',
      '{"v":1,"entries":[[1.5,1,{}]],"pins":[]}',
      '{"v":1,"entries":[[1,1]],"pins":[]}',
      '{"v":1,"entries":{},"pins":[]}',
      JSON.stringify({ v: 1, entries: Array.from({ length: 201 }, (_, i) => [1, i, null]), pins: [] }),
    ]) {
      expect(decodeCachedView(bad)).toBeNull()
    }
  })
})

describe('foldCachedView', () => {
  it('shows the same newest items, title and last message as the full fold', () => {
    const doc = busyRoom(1000)
    const full = createFold(doc).getSnapshot()
    const title = full.timeline.find((item) => item.kind === 'title')
    const cached = decodeCachedView(encodeCachedView(selectCachedView(doc, title ? [title.logId] : [])))
    if (!cached) throw new Error('not decoded')
    const preview = foldCachedView(cached)
    expect(preview.timeline).toEqual(full.timeline.slice(-preview.timeline.length))
    expect(preview.timeline).toHaveLength(VIEW_CACHE_MAX_ENTRIES)
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
    }
    expect(foldCachedView(view).timeline).toEqual([])
  })
})

describe('createViewCacheWriter', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('writes once after the log goes quiet, and not again while nothing changed', () => {
    vi.useFakeTimers()
    const doc = busyRoom(10)
    const saved: string[] = []
    const writer = createViewCacheWriter(doc, {
      pins: () => [],
      save: (text) => saved.push(text),
      stored: null,
    })
    appendMessage(doc, alice, 'one more', 100)
    vi.advanceTimersByTime(VIEW_CACHE_DEBOUNCE_MS / 2)
    appendMessage(doc, alice, 'and another', 101)
    expect(saved).toEqual([])
    vi.advanceTimersByTime(VIEW_CACHE_DEBOUNCE_MS)
    expect(saved).toHaveLength(1)
    expect(decodeCachedView(saved[0])?.entries.at(-1)?.value).toMatchObject({ text: 'and another' })
    writer.flush()
    expect(saved).toHaveLength(1)
    appendMessage(doc, bob, 'late', 102)
    writer.flush()
    expect(saved).toHaveLength(2)
    writer.close()
    appendMessage(doc, bob, 'after close', 103)
    vi.advanceTimersByTime(VIEW_CACHE_DEBOUNCE_MS * 2)
    expect(saved).toHaveLength(2)
  })

  it('never writes the view of an empty log', () => {
    vi.useFakeTimers()
    const save = vi.fn()
    const writer = createViewCacheWriter(new Y.Doc(), { pins: () => [], save, stored: 'something' })
    vi.advanceTimersByTime(VIEW_CACHE_DEBOUNCE_MS * 2)
    writer.flush()
    expect(save).not.toHaveBeenCalled()
    writer.close()
  })

  it('does not rewrite a cache that already holds the current view', () => {
    vi.useFakeTimers()
    const doc = busyRoom(10)
    const stored = encodeCachedView(selectCachedView(doc, []))
    const save = vi.fn()
    const writer = createViewCacheWriter(doc, { pins: () => [], save, stored })
    vi.advanceTimersByTime(VIEW_CACHE_DEBOUNCE_MS * 2)
    expect(save).not.toHaveBeenCalled()
    writer.close()
  })
})
