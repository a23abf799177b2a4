import { describe, expect, it } from 'vitest'
import { colorFromId, parseEntry } from './schema'

const valid = {
  v: 1,
  id: 'e1',
  type: 'message',
  author: { id: 'u1', name: 'Ann', color: '#123abc' },
  ts: 1700000000000,
  text: 'hi',
}

describe('parseEntry', () => {
  it('accepts the three entry types', () => {
    expect(parseEntry(valid)).toEqual(valid)
    expect(parseEntry({ ...valid, type: 'join', text: undefined })?.type).toBe('join')
    expect(parseEntry({ ...valid, type: 'title', title: 'Plans' })).toMatchObject({
      type: 'title',
      title: 'Plans',
    })
  })

  it('accepts edits, retractions, reactions, replies and attachments', () => {
    const target = { target: 'e0' }
    expect(parseEntry({ ...valid, type: 'edit', ...target, text: 'new' })).toMatchObject({ text: 'new' })
    expect(parseEntry({ ...valid, type: 'retract', ...target, text: undefined })?.type).toBe('retract')
    const reaction = { ...valid, type: 'reaction', ...target, emoji: '👍', on: false }
    expect(parseEntry(reaction)).toMatchObject({ emoji: '👍', on: false })
    const file = { hash: 'f'.repeat(64), name: 'a.pdf', type: 'application/pdf', size: 0 }
    expect(parseEntry({ ...valid, text: '', replyTo: 'e0', attachments: [file] })).toMatchObject({
      replyTo: 'e0',
      attachments: [file],
    })
  })

  it.each([
    ['an edit without target', { ...valid, type: 'edit' }],
    ['an empty edit', { ...valid, type: 'edit', target: 'e0', text: ' ' }],
    ['a reaction without on', { ...valid, type: 'reaction', target: 'e0', emoji: '👍' }],
    [
      'a reaction with a long emoji',
      { ...valid, type: 'reaction', target: 'e0', emoji: 'x'.repeat(33), on: true },
    ],
    ['a reply to a non-id', { ...valid, replyTo: 7 }],
    [
      'too many attachments',
      { ...valid, attachments: Array(11).fill({ hash: 'f'.repeat(64), name: 'a', type: 'a/b', size: 1 }) },
    ],
    ['null', null],
    ['a string', 'hello'],
    ['a number', 42],
    ['an array', [valid]],
    ['another version', { ...valid, v: 2 }],
    ['no version', { ...valid, v: undefined }],
    ['an unknown type', { ...valid, type: 'poll' }],
    ['no id', { ...valid, id: '' }],
    ['a numeric id', { ...valid, id: 5 }],
    ['no author', { ...valid, author: null }],
    ['an author without name', { ...valid, author: { id: 'u1' } }],
    ['a text that is not a string', { ...valid, text: { html: '<b>' } }],
    ['an empty text', { ...valid, text: '   ' }],
    ['a title without title', { ...valid, type: 'title' }],
    ['a timestamp that is not finite', { ...valid, ts: Number.NaN }],
    ['a timestamp string', { ...valid, ts: '2024-01-01' }],
  ])('ignores %s', (_label, value) => {
    expect(parseEntry(value)).toBeNull()
  })

  it('keeps unknown fields out and replaces a malformed colour', () => {
    const parsed = parseEntry({ ...valid, extra: 1, author: { id: 'u1', name: 'Ann', color: 'red;x' } })
    expect(parsed).not.toHaveProperty('extra')
    expect(parsed?.author.color).toBe(colorFromId('u1'))
  })
})
