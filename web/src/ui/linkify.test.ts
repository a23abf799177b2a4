import { describe, expect, it } from 'vitest'
import { linkify } from './linkify'

describe('linkify', () => {
  it('keeps plain text as one text segment, HTML included', () => {
    expect(linkify('<img src=x onerror=alert(1)>')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)>' },
    ])
  })

  it('turns http and https URLs into links and leaves sentence punctuation out', () => {
    expect(linkify('see https://example.com/a?b=1, then http://x.org.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', then ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: '.' },
    ])
  })

  it('never links other schemes', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://x.org', 'mailto:a@b.c']) {
      expect(linkify(text)).toEqual([{ kind: 'text', text }])
    }
  })

  it('does not let quotes or angle brackets into a link', () => {
    const segments = linkify('"https://a.com/"onmouseover="x"')
    expect(segments.filter((s) => s.kind === 'link').map((s) => s.text)).toEqual(['https://a.com/'])
  })
})
