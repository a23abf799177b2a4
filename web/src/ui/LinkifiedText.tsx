import { useMemo } from 'react'
import { linkify } from './linkify'

/** Message text as text nodes; only http(s) URLs become links. */
export function LinkifiedText({ text }: { text: string }) {
  const segments = useMemo(() => linkify(text), [text])
  return (
    <>
      {segments.map((segment, i) =>
        segment.kind === 'link' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments never reorder
          <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer nofollow">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </>
  )
}
