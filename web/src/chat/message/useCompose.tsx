// The composer's extras that belong to message actions: the message being answered and
// attachments. Kept out of Composer.tsx so the composer stays about text.
import { useCallback, useState } from 'react'
import { AttachButton } from '../../attachments/AttachButton'
import { useUploader } from '../../attachments/useUploader'
import type { MessageDraft, MessageItem } from '../../room'
import { VoiceRecorder } from '../../voice/VoiceRecorder'
import type { RoomController } from '../roomController'
import { ReplyBanner } from './ReplyBanner'

export function useCompose(controller: RoomController) {
  const [replyTo, setReplyTo] = useState<MessageItem | null>(null)
  const uploader = useUploader()
  const send = useCallback(
    (draft: string | MessageDraft) => {
      const full = typeof draft === 'string' ? { text: draft } : draft
      const problem = controller.send(replyTo ? { ...full, replyTo: replyTo.entryId } : full)
      if (problem === null) setReplyTo(null)
      return problem
    },
    [controller, replyTo],
  )
  const reply = useCallback((item: MessageItem) => {
    setReplyTo(item)
    document.querySelector<HTMLTextAreaElement>('.composer textarea')?.focus()
  }, [])
  return { replyTo, setReplyTo, send, reply, uploader }
}

/** Rendered just above the composer. */
export function ComposeExtras({ compose }: { compose: ReturnType<typeof useCompose> }) {
  const { replyTo, setReplyTo, send, uploader } = compose
  return (
    <>
      {replyTo ? <ReplyBanner item={replyTo} onCancel={() => setReplyTo(null)} /> : null}
      {uploader ? (
        <div className="compose-extras">
          <AttachButton send={send} uploader={uploader} />
          <VoiceRecorder send={send} uploader={uploader} />
        </div>
      ) : null}
    </>
  )
}
