import { useCallback, useState } from 'react'

export type CopyState = 'idle' | 'copied' | 'failed'

/** Copies the room's link; when the clipboard refuses, the caller shows the link to copy by hand. */
export function useCopyLink(): { state: CopyState; copy(): void } {
  const [state, setState] = useState<CopyState>('idle')
  const copy = useCallback(() => {
    navigator.clipboard.writeText(location.origin + location.pathname).then(
      () => setState('copied'),
      () => setState('failed'),
    )
  }, [])
  return { state, copy }
}
