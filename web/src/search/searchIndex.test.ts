import { describe, expect, it } from 'vitest'
import { createSearchIndex, type SearchDoc } from './searchIndex'
import { snippet } from './snippet'

function doc(roomId: string, entryId: string, text: string, ts = 1, author = 'Ada'): SearchDoc {
  return { id: `${roomId}/${entryId}`, roomId, entryId, author, ts, text }
}

describe('search index', () => {
  const index = createSearchIndex()
  index.add([
    doc('r1', 'a', 'Deploy the relay on Friday', 1),
    doc('r1', 'b', 'Lunch?', 2, 'Bob'),
    doc('r2', 'c', 'The relay deployment failed', 3),
    doc('r2', 'd', 'Café au lait', 4),
  ])

  it('finds messages by word prefix across rooms, newest first', () => {
    expect(index.search('deploy relay').map((hit) => hit.doc.entryId)).toEqual(['c', 'a'])
  })

  it('limits to one room', () => {
    expect(index.search('relay', { roomId: 'r1' }).map((hit) => hit.doc.entryId)).toEqual(['a'])
  })

  it('requires every word and ignores blank queries', () => {
    expect(index.search('relay lunch')).toEqual([])
    expect(index.search('  ')).toEqual([])
  })

  it('matches authors and non-ASCII words', () => {
    expect(index.search('bob').map((hit) => hit.doc.entryId)).toEqual(['b'])
    expect(index.search('café').map((hit) => hit.doc.entryId)).toEqual(['d'])
  })

  it('does not index a message twice', () => {
    index.add([doc('r1', 'a', 'Deploy the relay on Friday')])
    expect(index.size).toBe(4)
  })
})

describe('snippet', () => {
  it('marks matches', () => {
    expect(snippet('Deploy the relay', ['relay'])).toEqual([
      { text: 'Deploy the ', match: false },
      { text: 'relay', match: true },
    ])
  })

  it('centres long text on the first match', () => {
    const text = `${'word '.repeat(100)}needle ${'tail '.repeat(100)}`
    const parts = snippet(text, ['needle'], 60)
    expect(parts.some((part) => part.match && part.text === 'needle')).toBe(true)
    expect(parts[0]?.text.startsWith('…')).toBe(true)
    expect(parts.map((part) => part.text).join('').length).toBeLessThanOrEqual(62)
  })
})
