import { describe, expect, it } from 'vitest'
import { safeHref } from './links'
import { parseMessage, type RichNode } from './markdown'
import { createMentionContext } from './mentions'

function types(nodes: readonly RichNode[]): string[] {
  return nodes.flatMap((node) => ['children' in node ? types(node.children) : [], node.type].flat())
}

describe('parseMessage', () => {
  it('parses the chat subset', () => {
    expect(parseMessage('**b** *i* ~~s~~ `c`')).toEqual([
      {
        type: 'p',
        children: [
          { type: 'strong', children: [{ type: 'text', text: 'b' }] },
          { type: 'text', text: ' ' },
          { type: 'em', children: [{ type: 'text', text: 'i' }] },
          { type: 'text', text: ' ' },
          { type: 's', children: [{ type: 'text', text: 's' }] },
          { type: 'text', text: ' ' },
          { type: 'code', text: 'c' },
        ],
      },
    ])
    expect(parseMessage('```\nlet a = 1\n```')).toEqual([{ type: 'codeBlock', text: 'let a = 1' }])
    expect(parseMessage('> quoted')).toEqual([
      { type: 'blockquote', children: [{ type: 'p', children: [{ type: 'text', text: 'quoted' }] }] },
    ])
    expect(parseMessage('- a\n- b')).toEqual([
      {
        type: 'ul',
        children: [
          { type: 'li', children: [{ type: 'text', text: 'a' }] },
          { type: 'li', children: [{ type: 'text', text: 'b' }] },
        ],
      },
    ])
    expect(parseMessage('3. c')[0]).toMatchObject({ type: 'ol', start: 3 })
  })

  it('keeps headings, tables and rules as text (not part of the chat subset)', () => {
    expect(types(parseMessage('# not a heading\n\n---'))).not.toContain('h1')
    expect(parseMessage('# hi')).toEqual([{ type: 'p', children: [{ type: 'text', text: '# hi' }] }])
  })

  it('turns line breaks into breaks', () => {
    expect(parseMessage('a\nb')).toEqual([
      { type: 'p', children: [{ type: 'text', text: 'a' }, { type: 'break' }, { type: 'text', text: 'b' }] },
    ])
  })

  it('links http(s) and mailto, autolinks bare http(s) URLs only', () => {
    expect(parseMessage('[x](https://example.com/a)')[0]).toEqual({
      type: 'p',
      children: [{ type: 'link', href: 'https://example.com/a', children: [{ type: 'text', text: 'x' }] }],
    })
    const bare = parseMessage('see https://example.com/a?b=1, or example.com')
    expect(JSON.stringify(bare)).toContain('"href":"https://example.com/a?b=1"')
    expect(types(bare).filter((type) => type === 'link')).toHaveLength(1)
    expect(JSON.stringify(parseMessage('[m](mailto:a@b.c)'))).toContain('mailto:a@b.c')
  })

  it('replaces known :shortcodes: outside code', () => {
    expect(parseMessage(':tada: :nope: `:tada:`')).toEqual([
      {
        type: 'p',
        children: [
          { type: 'emoji', code: 'tada', emoji: '🎉' },
          { type: 'text', text: ' :nope: ' },
          { type: 'code', text: ':tada:' },
        ],
      },
    ])
  })

  it('marks mentions of members, and mine', () => {
    const context = createMentionContext(['Bob', 'Ada Lovelace'], 'Ada Lovelace')
    expect(parseMessage('hi @bob and @Ada Lovelace, not me@bob', context)).toEqual([
      {
        type: 'p',
        children: [
          { type: 'text', text: 'hi ' },
          { type: 'mention', name: 'bob', me: false },
          { type: 'text', text: ' and ' },
          { type: 'mention', name: 'Ada Lovelace', me: true },
          { type: 'text', text: ', not me@bob' },
        ],
      },
    ])
  })
})

describe('safeHref', () => {
  it('accepts only absolute http(s) and mailto', () => {
    expect(safeHref('https://a.example/x')).toBe('https://a.example/x')
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c')
    for (const bad of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '/r/room',
      '//evil.example/x',
      'http://',
    ]) {
      expect(safeHref(bad), bad).toBeNull()
    }
  })
})
