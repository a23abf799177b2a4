import { LEVEL_MODERATOR, LEVEL_OWNER } from '@parley/protocol'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { appendMessage, appendTitle } from '../room/append'
import { getLog } from '../room/log'
import {
  createTestPerson,
  docWithClient,
  foldOf,
  syncDocs,
  type TestPerson,
  verified,
  viewOf,
  writeProfile,
} from '../room/testing'
import type { MessageItem, RoomSnapshot } from '../room/timeline'
import { appendModeration } from './appendModeration'

const owner = await createTestPerson('Olga')
const mod = await createTestPerson('Mo')
const mod2 = await createTestPerson('Max')
const member = await createTestPerson('Mia')

function texts(view: RoomSnapshot): string[] {
  return view.timeline.filter((item) => item.kind === 'message').map((item) => (item as MessageItem).text)
}

function messageNamed(view: RoomSnapshot, text: string): MessageItem {
  const found = view.timeline.find((item) => item.kind === 'message' && item.text === text)
  if (found?.kind !== 'message') throw new Error(`no message ${text}`)
  return found
}

/** A room Olga created (first entry), with Mo named moderator and Mia's first message. */
async function room() {
  const doc = new Y.Doc()
  const w = (person: TestPerson) => person.writer(doc)
  await writeProfile(w(owner), owner)
  await appendModeration(w(owner), { type: 'role', target: mod.key, level: LEVEL_MODERATOR })
  await writeProfile(w(mod), mod)
  await writeProfile(w(member), member)
  const first = await appendMessage(w(member), 'hello')
  if (!first) throw new Error('not written')
  return { doc, w, first: first.entry.id }
}

/** A fresh fold of `doc`'s log, verified newest first as a new device does. */
async function freshView(doc: Y.Doc): Promise<RoomSnapshot> {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return (await verified(foldOf(copy))).getSnapshot()
}

describe('moderation fold', () => {
  it('makes the first author the owner and applies roles from an owner only', async () => {
    const { doc, w } = await room()
    await appendModeration(w(member), { type: 'role', target: member.key, level: LEVEL_OWNER })
    const { moderation } = (await verified(foldOf(doc))).getSnapshot()
    expect(moderation.levels.get(owner.key)).toBe(LEVEL_OWNER)
    expect(moderation.levels.get(mod.key)).toBe(LEVEL_MODERATOR)
    expect(moderation.levels.has(member.key)).toBe(false)
    expect(moderation.ignored).toBe(1)
  })

  it('knows the owner of a room without any moderation entry (its first author)', async () => {
    const doc = new Y.Doc()
    await writeProfile(member.writer(doc), member)
    await appendMessage(owner.writer(doc), 'second author')
    const { moderation } = (await verified(foldOf(doc))).getSnapshot()
    expect([...moderation.levels]).toEqual([[member.key, LEVEL_OWNER]])
  })

  it('shows a hidden message as hidden by its moderator, and restores it', async () => {
    const { doc, w, first } = await room()
    const fold = await verified(foldOf(doc))
    await appendModeration(w(mod), { type: 'hide', target: first, on: true })
    expect(messageNamed(fold.getSnapshot(), 'hello').hiddenBy?.name).toBe('Mo')
    expect(fold.getSnapshot().moderation.hidden.get(first)).toBe(mod.key)
    await appendModeration(w(mod), { type: 'hide', target: first, on: false })
    expect(messageNamed(fold.getSnapshot(), 'hello').hiddenBy).toBeUndefined()
  })

  it('ignores hiding by a member, and by a moderator of an owner’s message', async () => {
    const { doc, w, first } = await room()
    const ownMessage = await appendMessage(w(owner), 'from the owner')
    await appendModeration(w(member), { type: 'hide', target: first, on: true })
    await appendModeration(w(mod), { type: 'hide', target: ownMessage?.entry.id ?? '', on: true })
    const view = (await verified(foldOf(doc))).getSnapshot()
    expect(view.moderation.hidden.size).toBe(0)
    expect(view.moderation.ignored).toBe(2)
    expect(messageNamed(view, 'from the owner').hiddenBy).toBeUndefined()
  })

  it('leaves out what a muted member writes after the mute, until they are unmuted', async () => {
    const { doc, w } = await room()
    await appendModeration(w(mod), { type: 'mute', target: member.key, on: true })
    await appendMessage(w(member), 'while muted')
    await appendModeration(w(mod), { type: 'mute', target: member.key, on: false })
    await appendMessage(w(member), 'after')
    const view = (await verified(foldOf(doc))).getSnapshot()
    expect(texts(view)).toEqual(['hello', 'after'])
    expect(view.messageCount).toBe(2)
    expect(view.moderation.muted.size).toBe(0)
  })

  it('applies to thread replies as to the timeline: hidden ones marked, muted ones left out', async () => {
    const { doc, w, first } = await room()
    const fold = await verified(foldOf(doc))
    const reply = await appendMessage(w(member), { text: 'in the thread', thread: first })
    await appendMessage(w(owner), { text: 'owner answers', thread: first })
    const replies = () => fold.getSnapshot().threads.get(first)?.replies ?? []
    await appendModeration(w(mod), { type: 'hide', target: reply?.entry.id ?? '', on: true })
    expect(replies().map((item) => [item.text, item.hiddenBy?.name])).toEqual([
      ['in the thread', 'Mo'],
      ['owner answers', undefined],
    ])
    await appendModeration(w(mod), { type: 'mute', target: member.key, on: true })
    await appendMessage(w(member), { text: 'while muted', thread: first })
    expect(replies().map((item) => item.text)).toEqual(['in the thread', 'owner answers'])
    expect(fold.getSnapshot().threads.get(first)?.count).toBe(2)
    await appendModeration(w(mod), { type: 'hide', target: reply?.entry.id ?? '', on: false })
    expect(replies()[0]?.hiddenBy).toBeUndefined()
    // A new device folding the same log sees the same thread.
    expect((await freshView(doc)).threads.get(first)?.replies.map((item) => item.text)).toEqual([
      'in the thread',
      'owner answers',
    ])
  })

  it('bans: new messages of the banned are left out, and a banned moderator acts no more', async () => {
    const { doc, w, first } = await room()
    await appendModeration(w(owner), { type: 'ban', target: mod.key, on: true })
    await appendModeration(w(mod), { type: 'hide', target: first, on: true })
    await appendMessage(w(mod), 'banned words')
    const view = (await verified(foldOf(doc))).getSnapshot()
    expect(view.moderation.banned.has(mod.key)).toBe(true)
    expect(view.moderation.hidden.size).toBe(0)
    expect(texts(view)).toEqual(['hello'])
  })

  it('only acts on people below: a moderator cannot mute another moderator or the owner', async () => {
    const { doc, w } = await room()
    await appendModeration(w(owner), { type: 'role', target: mod2.key, level: LEVEL_MODERATOR })
    await appendModeration(w(mod), { type: 'mute', target: mod2.key, on: true })
    await appendModeration(w(mod), { type: 'ban', target: owner.key, on: true })
    await appendModeration(w(mod), { type: 'role', target: member.key, level: LEVEL_MODERATOR })
    const { moderation } = (await verified(foldOf(doc))).getSnapshot()
    expect(moderation.muted.size + moderation.banned.size).toBe(0)
    expect(moderation.levels.has(member.key)).toBe(false)
    expect(moderation.ignored).toBe(3)
  })

  it('keeps the last owner, and lets an owner step down once there is another', async () => {
    const { doc, w } = await room()
    await appendModeration(w(owner), { type: 'role', target: owner.key, level: LEVEL_MODERATOR })
    const fold = await verified(foldOf(doc))
    expect(fold.getSnapshot().moderation.levels.get(owner.key)).toBe(LEVEL_OWNER)
    await appendModeration(w(owner), { type: 'role', target: mod.key, level: LEVEL_OWNER })
    await appendModeration(w(owner), { type: 'role', target: owner.key, level: LEVEL_MODERATOR })
    expect(fold.getSnapshot().moderation.levels.get(owner.key)).toBe(LEVEL_MODERATOR)
    expect(fold.getSnapshot().moderation.levels.get(mod.key)).toBe(LEVEL_OWNER)
  })

  it('follows the policy on who may change the title', async () => {
    const { doc, w } = await room()
    await appendTitle(w(member), 'Before')
    await appendModeration(w(owner), { type: 'policy', title: LEVEL_MODERATOR, topic: LEVEL_OWNER })
    await appendTitle(w(member), 'Taken over')
    const fold = await verified(foldOf(doc))
    expect(fold.getSnapshot().title).toBe('Before')
    expect(fold.getSnapshot().moderation.policy).toEqual({ title: LEVEL_MODERATOR, topic: LEVEL_OWNER })
    await appendTitle(w(mod), 'Set by a moderator')
    expect(fold.getSnapshot().title).toBe('Set by a moderator')
  })

  it('folds concurrent moderation by two moderators identically on every peer', async () => {
    const { doc: base, w, first } = await room()
    await appendModeration(w(owner), { type: 'role', target: mod2.key, level: LEVEL_MODERATOR })
    const a = docWithClient(101)
    const b = docWithClient(202)
    syncDocs(base, a)
    syncDocs(base, b)
    const foldA = foldOf(a)
    const foldB = foldOf(b)
    // Offline at once: Mo hides Mia's message and mutes her; Olga demotes Max, while Max restores
    // the message and bans Mia.
    await appendModeration(mod.writer(a), { type: 'hide', target: first, on: true })
    await appendModeration(mod.writer(a), { type: 'mute', target: member.key, on: true })
    await appendModeration(owner.writer(b), { type: 'role', target: mod2.key, level: 0 })
    await appendModeration(mod2.writer(b), { type: 'hide', target: first, on: false })
    await appendModeration(mod2.writer(b), { type: 'ban', target: member.key, on: true })
    await appendMessage(member.writer(b), 'late')
    syncDocs(a, b)
    await Promise.all([foldA.whenVerified(), foldB.whenVerified()])
    expect(viewOf(foldA)).toEqual(viewOf(foldB))
    const viewA = foldA.getSnapshot()
    expect(viewA.moderation).toEqual(foldB.getSnapshot().moderation)
    expect(viewA.moderation).toEqual((await freshView(a)).moderation)
    // Max was demoted before acting (same writer order on b), so his restore and ban count nowhere.
    expect(viewA.moderation.banned.size).toBe(0)
    expect(viewA.moderation.hidden.get(first)).toBe(mod.key)
    expect(viewA.moderation.muted.has(member.key)).toBe(true)
  })

  it('gives the same moderation when history is verified newest first as when it arrives in order', async () => {
    const { doc, w, first } = await room()
    const fold = foldOf(doc)
    await appendModeration(w(mod), { type: 'mute', target: member.key, on: true })
    for (let i = 0; i < 30; i++) await appendMessage(w(i % 2 ? member : owner), `m${i}`)
    await appendModeration(w(mod), { type: 'hide', target: first, on: true })
    const live = (await verified(fold)).getSnapshot()
    const fresh = await freshView(doc)
    expect(fresh.moderation).toEqual(live.moderation)
    expect(texts(fresh)).toEqual(texts(live))
    expect(getLog(doc).length).toBeGreaterThan(30)
  })
})
