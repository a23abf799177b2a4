import { useState } from 'react'
import type { Author } from '../room'
import { useDirectMessagesContext } from './useDirectMessages'

/** "Message privately" on a person's card: starts (or opens) the direct message with them. */
export function MessagePrivately({ author, onDone }: { author: Author; onDone(): void }) {
  const dm = useDirectMessagesContext()
  const [state, setState] = useState<{ busy: boolean; problem: string | null }>({
    busy: false,
    problem: null,
  })
  if (dm === null || !dm.canMessage(author)) return null
  const start = async () => {
    setState({ busy: true, problem: null })
    const problem = await dm.message(author)
    setState({ busy: false, problem })
    if (problem === null) onDone()
  }
  return (
    <>
      <button type="button" className="primary" disabled={state.busy} onClick={() => void start()}>
        {state.busy ? 'Starting…' : 'Message privately'}
      </button>
      {state.problem ? <p role="alert">{state.problem}</p> : null}
    </>
  )
}
