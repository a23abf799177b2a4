import { type ChangeEvent, useState } from 'react'
import { type Attachment, MAX_ATTACHMENTS, type MessageDraft } from '../room'
import { type PreparedAttachment, prepareAttachment } from './prepare'
import type { Uploader } from './uploader'

interface AttachButtonProps {
  send(draft: MessageDraft): string | null
  uploader: Pick<Uploader, 'add'>
}

/** Picks files, checks them against the relay's limits, queues their bytes and sends the message. */
export function AttachButton({ send, uploader }: AttachButtonProps) {
  const [errors, setErrors] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const onChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target
    const files = [...(input.files ?? [])]
    input.value = ''
    if (files.length === 0) return
    if (files.length > MAX_ATTACHMENTS) {
      setErrors([`At most ${MAX_ATTACHMENTS} files per message.`])
      return
    }
    setBusy(true)
    const results = await Promise.all(files.map(prepareAttachment))
    const problems = results.filter((result): result is string => typeof result === 'string')
    const ready = results.filter((result): result is PreparedAttachment => typeof result !== 'string')
    if (ready.length > 0) {
      for (const prepared of ready) await uploader.add(prepared)
      const attachments: Attachment[] = ready.map((prepared) => prepared.attachment)
      const problem = send({ text: '', attachments })
      if (problem !== null) problems.push(problem)
    }
    setErrors(problems)
    setBusy(false)
  }
  return (
    <div className="attach">
      <label className="attach-button">
        📎 Attach
        <input
          type="file"
          multiple
          className="visually-hidden"
          onChange={onChange}
          disabled={busy}
          aria-label="Attach"
        />
      </label>
      {busy ? <span role="status">Preparing attachment…</span> : null}
      {errors.length > 0 ? (
        <p className="attach-error" role="alert">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  )
}
