import { describe, expect, it } from 'vitest'
import { colorFromId, LEGACY_PREFIX, parseBody, parseLegacyEntry } from './schema'

const KEY = 'k'.repeat(43)
const body = (fields: object) =>
  JSON.stringify({ v: 2, type: 'message', ts: 1700000000000, text: 'hi', ...fields })
const parse = (fields: object) => parseBody(body(fields), 'entry-id', KEY)

describe('parseBody', () => {
  it('takes the id and the author from the envelope, never from the body', () => {
    expect(parse({ id: 'mine', author: { id: 'someone' } })).toEqual({
      id: 'entry-id',
      authorId: KEY,
      ts: 1700000000000,
      claim: null,
      type: 'message',
      text: 'hi',
    })
  })

  it('accepts every entry type, profiles included', () => {
    expect(parse({ type: 'join', text: undefined })?.type).toBe('join')
    expect(parse({ type: 'title', title: 'Plans' })).toMatchObject({ type: 'title', title: 'Plans' })
    expect(parse({ type: 'edit', target: 'e0', text: 'new' })).toMatchObject({ target: 'e0', text: 'new' })
    expect(parse({ type: 'reaction', target: 'e0', emoji: '👍', on: false })).toMatchObject({ on: false })
    const file = { hash: 'f'.repeat(64), name: 'a.pdf', type: 'application/pdf', size: 0 }
    expect(parse({ text: '', replyTo: 'e0', attachments: [file] })).toMatchObject({
      replyTo: 'e0',
      attachments: [file],
    })
    const avatar = { hash: 'a'.repeat(64), name: 'me.png', type: 'image/png', size: 9, width: 4, height: 4 }
    expect(
      parse({ type: 'profile', seq: 2, name: 'Ann', color: '#123abc', avatar, status: 'here' }),
    ).toMatchObject({
      type: 'profile',
      seq: 2,
      name: 'Ann',
      color: '#123abc',
      avatar,
      status: 'here',
    })
  })

  it('reads voice messages: audio with a duration and a bounded waveform, nothing else', () => {
    const voice = {
      hash: 'b'.repeat(64),
      name: 'voice.webm',
      type: 'audio/webm',
      size: 900,
      durationMs: 3200,
      waveform: [0, 128, 255],
    }
    expect(parse({ text: '', attachments: [voice] })).toMatchObject({ attachments: [voice] })
    for (const bad of [
      { ...voice, type: 'application/pdf' },
      { ...voice, durationMs: -1 },
      { ...voice, durationMs: 16 * 60_000 },
      { ...voice, waveform: [256] },
      { ...voice, waveform: Array(65).fill(1) },
      { ...voice, waveform: undefined },
    ]) {
      expect(parse({ text: '', attachments: [bad] })).toBeNull()
    }
  })

  it('keeps a profile whose optional fields are malformed, without them', () => {
    const pdf = { hash: 'a'.repeat(64), name: 'me.pdf', type: 'application/pdf', size: 9 }
    expect(
      parse({ type: 'profile', seq: 0, name: 'Ann', color: 'red', avatar: pdf, status: 7 }),
    ).toMatchObject({
      color: colorFromId(KEY),
      avatar: null,
      status: null,
    })
  })

  it.each([
    ['text that is not JSON', '{"v":2,'],
    ['another version', body({ v: 3 })],
    ['an unknown type', body({ type: 'poll' })],
    ['a timestamp that is not finite', body({ ts: 'soon' })],
    ['an empty text', body({ text: '  ' })],
    ['an edit without target', body({ type: 'edit' })],
    ['a reaction without on', body({ type: 'reaction', target: 'e0', emoji: '👍' })],
    ['a profile without seq', body({ type: 'profile', name: 'Ann' })],
    ['a profile with a negative seq', body({ type: 'profile', seq: -1, name: 'Ann' })],
    ['a profile without name', body({ type: 'profile', seq: 1, name: ' ' })],
    ['an array', '[1]'],
  ])('ignores %s', (_label, text) => {
    expect(parseBody(text, 'id', KEY)).toBeNull()
  })
})

describe('parseLegacyEntry', () => {
  const legacy = {
    v: 1,
    id: 'e1',
    type: 'message',
    author: { id: 'u1', name: 'Ann', color: '#123abc' },
    ts: 1700000000000,
    text: 'hi',
    replyTo: 'e0',
  }

  it('reads version-1 entries into the legacy id space, with their claim', () => {
    expect(parseLegacyEntry(legacy)).toEqual({
      id: `${LEGACY_PREFIX}e1`,
      authorId: `${LEGACY_PREFIX}u1`,
      ts: 1700000000000,
      claim: { name: 'Ann', color: '#123abc' },
      type: 'message',
      text: 'hi',
      replyTo: `${LEGACY_PREFIX}e0`,
    })
    expect(parseLegacyEntry({ ...legacy, type: 'edit', target: 'e0' })).toMatchObject({
      target: `${LEGACY_PREFIX}e0`,
    })
  })

  it.each([
    ['a signed-format entry', { ...legacy, v: 2 }],
    ['a profile (there were none)', { ...legacy, type: 'profile', seq: 1, name: 'Ann' }],
    ['no author', { ...legacy, author: null }],
    ['an author without name', { ...legacy, author: { id: 'u1' } }],
    ['no id', { ...legacy, id: '' }],
    ['null', null],
  ])('ignores %s', (_label, value) => {
    expect(parseLegacyEntry(value)).toBeNull()
  })

  it('replaces a malformed colour', () => {
    expect(
      parseLegacyEntry({ ...legacy, author: { id: 'u1', name: 'Ann', color: 'red;x' } })?.claim?.color,
    ).toBe(colorFromId('u1'))
  })
})
