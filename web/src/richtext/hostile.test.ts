// Payloads a hostile member could send: every one must render to inert markup made only of the
// elements the renderer knows, with no event handlers, no script, no remote resource.
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { MessageText } from './MessageText'
import { parseMessage } from './markdown'

const ALLOWED_TAGS = new Set([
  'div',
  'p',
  'br',
  'strong',
  'em',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'span',
])

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(1)">',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '[x](javascript:alert(1))',
  '[x](JAVASCRIPT:alert(1))',
  '[x](java&#x09;script:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '[x]( javascript:alert(1) )',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](https://evil.example/track.png)',
  '![x](data:image/svg+xml,<svg onload=alert(1)>)',
  '<javascript:alert(1)>',
  '<https://evil.example/" onmouseover="alert(1)>',
  '[x](https://ok.example/" onclick="alert(1))',
  '[ref]\n\n[ref]: javascript:alert(1)',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '<style>body{display:none}</style>',
  '<svg><animate onbegin=alert(1)>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  `${'> '.repeat(500)}deep`,
  `${'- '.repeat(500)}deep`,
  `${'*'.repeat(5000)}x`,
  `${'['.repeat(3000)}x${']'.repeat(3000)}`,
  'a'.repeat(20_000),
]

function tagsOf(html: string): string[] {
  return [...html.matchAll(/<([a-z0-9]+)[\s>/]/gi)].map((match) => (match[1] ?? '').toLowerCase())
}

describe('hostile messages', () => {
  it.each(PAYLOADS.map((payload) => [payload.slice(0, 60), payload]))('%s renders inert', (_, payload) => {
    const html = renderToStaticMarkup(createElement(MessageText, { text: payload }))
    for (const tag of tagsOf(html)) expect(ALLOWED_TAGS, `<${tag}> in ${html.slice(0, 200)}`).toContain(tag)
    expect(html).not.toMatch(/<[^>]+\son[a-z]+=/i)
    expect(html).not.toMatch(/\b(href|src)="(?!https?:|mailto:)/i)
    expect(html).not.toMatch(/javascript:alert\(1\)"|href="data:/i)
    expect(html).not.toMatch(/<(img|script|iframe|svg|style)\b/i)
  })

  it('shows raw HTML as its text', () => {
    const html = renderToStaticMarkup(createElement(MessageText, { text: '<img src=x onerror="alert(1)">' }))
    expect(html).toBe('<div class="rich-text"><p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p></div>')
  })

  it('keeps a refused link visible as text', () => {
    expect(JSON.stringify(parseMessage('[x](javascript:alert(1))'))).toContain('[x](javascript:alert(1))')
  })

  it('renders images as links to their URL, never as images', () => {
    const html = renderToStaticMarkup(
      createElement(MessageText, { text: '![cat](https://img.example/c.png)' }),
    )
    expect(html).toContain(
      '<a href="https://img.example/c.png" target="_blank" rel="noopener noreferrer nofollow">',
    )
    expect(html).not.toContain('<img')
  })

  it('shows input nested past the parser limit as plain text, losing nothing', () => {
    const text = `${'> '.repeat(2000)}x\n${'**a** '.repeat(2000)}`
    expect(parseMessage(text)).toEqual([{ type: 'text', text }])
    const lists = `${Array.from({ length: 30 }, (_, depth) => `${'  '.repeat(depth)}- level ${depth}`).join('\n')}`
    expect(JSON.stringify(parseMessage(lists))).toContain('level 29')
  })
})
