// Message text → a tree of plain rich-text nodes. markdown-it parses with HTML off and only the
// chat subset enabled; this module turns its tokens into nodes that name no HTML, so a renderer
// can only ever produce the elements it chooses. Raw HTML in a message stays text.
import markdownIt, { type MarkdownIt, type Token } from 'markdown-it'
import { emojiFor, SHORTCODE } from './emoji'
import { safeHref } from './links'
import { type MentionContext, splitMentions } from './mentions'

export type BlockTag = 'p' | 'blockquote' | 'ul' | 'ol' | 'li'
export type InlineTag = 'strong' | 'em' | 's'

export type RichNode =
  | { type: 'text'; text: string }
  | { type: 'emoji'; code: string; emoji: string }
  | { type: 'mention'; name: string; me: boolean }
  | { type: 'code'; text: string }
  | { type: 'codeBlock'; text: string }
  | { type: 'break' }
  | { type: 'link'; href: string; children: RichNode[] }
  | { type: 'ol'; start: number; children: RichNode[] }
  | { type: Exclude<BlockTag, 'ol'> | InlineTag; children: RichNode[] }

type Container = Extract<RichNode, { children: RichNode[] }>

function createParser(): MarkdownIt {
  const md = markdownIt('zero', { html: false, linkify: true, breaks: true })
  md.enable(['blockquote', 'code', 'fence', 'list', 'linkify'])
  md.enable(['emphasis', 'strikethrough', 'backticks', 'link', 'image', 'autolink', 'newline'])
  md.enable(['escape', 'entity'])
  // No "example.com" guesses: only what the sender wrote as a full http(s) URL becomes a link.
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false })
  // A link the renderer would refuse is not parsed as a link at all, so its source stays visible.
  md.validateLink = (url) => safeHref(url) !== null
  return md
}

// Created on first use and never changed: a cache, not state.
let parser: MarkdownIt | null = null

/**
 * markdown-it stops parsing past its nesting limit (20) and drops what lies deeper. A message
 * nested that deep is shown as its plain text instead, so nothing the sender wrote disappears.
 */
const PLAIN_TEXT_FROM_LEVEL = 16

function tooDeep(tokens: Token[]): boolean {
  return tokens.some(
    (token) => token.level >= PLAIN_TEXT_FROM_LEVEL || (token.children !== null && tooDeep(token.children)),
  )
}

const OPEN_TAGS: Record<string, Exclude<BlockTag, 'ol'> | InlineTag> = {
  paragraph_open: 'p',
  blockquote_open: 'blockquote',
  bullet_list_open: 'ul',
  list_item_open: 'li',
  strong_open: 'strong',
  em_open: 'em',
  s_open: 's',
}

/** Text with `:shortcode:` emoji and `@mentions` picked out. */
export function textNodes(text: string, mentions: MentionContext | null): RichNode[] {
  const nodes: RichNode[] = []
  for (const segment of splitMentions(text, mentions)) {
    if (segment.kind === 'mention') nodes.push({ type: 'mention', name: segment.name, me: segment.me })
    else nodes.push(...emojiNodes(segment.text))
  }
  return nodes
}

function emojiNodes(text: string): RichNode[] {
  if (text === '') return []
  if (!text.includes(':')) return [{ type: 'text', text }]
  const nodes: RichNode[] = []
  let last = 0
  for (const match of text.matchAll(SHORTCODE)) {
    const code = match[1] ?? ''
    const emoji = emojiFor(code)
    const start = match.index ?? 0
    if (emoji === undefined) continue
    if (start > last) nodes.push({ type: 'text', text: text.slice(last, start) })
    nodes.push({ type: 'emoji', code, emoji })
    last = start + match[0].length
  }
  if (last < text.length) nodes.push({ type: 'text', text: text.slice(last) })
  return nodes
}

/** A link the parser accepted, or (defensively) its children without a link. */
function linkNode(token: Token): Container | null {
  const href = safeHref(String(token.attrGet('href') ?? ''))
  return href === null ? null : { type: 'link', href, children: [] }
}

/** Images are never loaded: `![alt](url)` becomes a link to the URL showing the alt text. */
function imageNode(token: Token): RichNode {
  const alt = token.content || 'image'
  const href = safeHref(String(token.attrGet('src') ?? ''))
  const label: RichNode = { type: 'text', text: `🖼 ${alt}` }
  return href === null ? label : { type: 'link', href, children: [label] }
}

function leafNode(token: Token, mentions: MentionContext | null): RichNode[] {
  switch (token.type) {
    case 'text':
      return textNodes(token.content, mentions)
    case 'code_inline':
      return [{ type: 'code', text: token.content }]
    case 'code_block':
    case 'fence':
      return [{ type: 'codeBlock', text: token.content.replace(/\n$/, '') }]
    case 'softbreak':
    case 'hardbreak':
      return [{ type: 'break' }]
    case 'image':
      return [imageNode(token)]
    default:
      // html_inline / html_block cannot occur with html off; anything unknown is shown as source.
      return token.content ? [{ type: 'text', text: token.content }] : []
  }
}

function openNode(token: Token): Container | null {
  if (token.type === 'ordered_list_open') {
    const start = Number(token.attrGet('start') ?? 1)
    return { type: 'ol', start: Number.isSafeInteger(start) ? start : 1, children: [] }
  }
  if (token.type === 'link_open') return linkNode(token)
  // Tight list items wrap their text in hidden paragraphs: keep the text, drop the <p>.
  if (token.hidden) return null
  const tag = OPEN_TAGS[token.type]
  return tag ? { type: tag, children: [] } : null
}

/** Appends `tokens` (one nesting level: blocks, or one inline token's children) under `root`. */
function build(tokens: readonly Token[], root: RichNode[], mentions: MentionContext | null): void {
  // One level per open token; an opener that makes no node (hidden <p>) reuses its parent's list.
  const stack: RichNode[][] = [root]
  for (const token of tokens) {
    const top = stack[stack.length - 1] ?? root
    if (token.nesting === 1) {
      const node = openNode(token)
      if (node) top.push(node)
      stack.push(node ? node.children : top)
    } else if (token.nesting === -1) {
      if (stack.length > 1) stack.pop()
    } else if (token.type === 'inline') {
      build(token.children ?? [], top, mentions)
    } else {
      top.push(...leafNode(token, mentions))
    }
  }
}

/** Parses message text into rich nodes; never throws, never yields raw HTML. */
export function parseMessage(text: string, mentions: MentionContext | null = null): RichNode[] {
  parser ??= createParser()
  const root: RichNode[] = []
  try {
    const tokens = parser.parse(text, {})
    if (tooDeep(tokens)) return [{ type: 'text', text }]
    build(tokens, root, mentions)
  } catch {
    return [{ type: 'text', text }]
  }
  return root
}
