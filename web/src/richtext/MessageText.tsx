import { type ReactNode, useMemo } from 'react'
import { parseMessage, type RichNode } from './markdown'
import type { MentionContext } from './mentions'
import './richtext.css'

const LINK_REL = 'noopener noreferrer nofollow'

function children(nodes: readonly RichNode[]): ReactNode[] {
  // biome-ignore lint/suspicious/noArrayIndexKey: a message's nodes never reorder
  return nodes.map((node, i) => <RichElement key={i} node={node} />)
}

/** One node → one element; the only elements a message can ever produce are listed here. */
function RichElement({ node }: { node: RichNode }): ReactNode {
  switch (node.type) {
    case 'text':
      return node.text
    case 'break':
      return <br />
    case 'emoji':
      return (
        <span className="emoji" title={`:${node.code}:`}>
          {node.emoji}
        </span>
      )
    case 'mention':
      return <span className={node.me ? 'mention mention-me' : 'mention'}>@{node.name}</span>
    case 'code':
      return <code>{node.text}</code>
    case 'codeBlock':
      return (
        <pre>
          <code>{node.text}</code>
        </pre>
      )
    case 'link':
      return (
        <a href={node.href} target="_blank" rel={LINK_REL}>
          {children(node.children)}
        </a>
      )
    case 'ol':
      return <ol start={node.start === 1 ? undefined : node.start}>{children(node.children)}</ol>
    case 'p':
    case 'blockquote':
    case 'ul':
    case 'li':
    case 'strong':
    case 'em':
    case 's': {
      const Tag = node.type
      return <Tag>{children(node.children)}</Tag>
    }
  }
}

interface MessageTextProps {
  text: string
  /** Who can be mentioned and who I am; null shows `@name` as plain text. */
  mentions?: MentionContext | null
}

/** A message's Markdown as React elements: no HTML from the text, no remote resources. */
export function MessageText({ text, mentions = null }: MessageTextProps) {
  const nodes = useMemo(() => parseMessage(text, mentions), [text, mentions])
  return <div className="rich-text">{children(nodes)}</div>
}
