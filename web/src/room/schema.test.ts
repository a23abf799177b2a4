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

  it.each([
    ['null', null],
    ['a string', 'hello'],
    ['a number', 42],
    ['an array', [valid]],
    ['another version', { ...valid, v: 2 }],
    ['no version', { ...valid, v: undefined }],
    ['an unknown type', { ...valid, type: 'reaction' }],
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
