import { describe, expect, it } from 'vitest'
import { createMentionContext, matchNames, mentionQuery, mentions, splitMentions } from './mentions'

describe('mentions', () => {
  it('finds @name at word boundaries, case-insensitively', () => {
    expect(mentions('hi @alice!', 'Alice')).toBe(true)
    expect(mentions('mail bob@alice.example', 'Alice')).toBe(false)
    expect(mentions('@Alicette', 'Alice')).toBe(false)
    expect(mentions('@Ada Lovelace?', 'Ada Lovelace')).toBe(true)
    expect(mentions('no at sign', 'Alice')).toBe(false)
  })

  it('prefers the longest member name', () => {
    const context = createMentionContext(['Al', 'Al Bo'], 'Al')
    expect(splitMentions('@Al Bo hi', context)).toEqual([
      { kind: 'mention', name: 'Al Bo', me: false },
      { kind: 'text', text: ' hi' },
    ])
  })

  it('treats names as text, not patterns', () => {
    const context = createMentionContext(['a.*b (x)'], '')
    expect(splitMentions('@a.*b (x) @azzb (x)', context)[0]).toEqual({
      kind: 'mention',
      name: 'a.*b (x)',
      me: false,
    })
    expect(splitMentions('@azzb (x)', context)).toEqual([{ kind: 'text', text: '@azzb (x)' }])
  })

  it('reads the @query before the caret', () => {
    expect(mentionQuery('hey @Al', 7)).toEqual({ start: 4, query: 'Al' })
    expect(mentionQuery('hey @Ada Lo', 11)).toEqual({ start: 4, query: 'Ada Lo' })
    expect(mentionQuery('mail a@b', 8)).toBeNull()
    expect(mentionQuery('@a b c', 6)).toBeNull()
    expect(mentionQuery('no at', 5)).toBeNull()
  })

  it('completes names by prefix, then by substring', () => {
    expect(matchNames(['Bob', 'Alice', 'Malia', 'alex'], 'al')).toEqual(['alex', 'Alice', 'Malia'])
  })
})
