import { useEffect, useState } from 'react'
import { type Attachment, blobUrl, isInlineImage, isVoice } from '../room'
import { VoicePlayer } from '../voice/VoicePlayer'
import { fitImage, formatBytes } from './format'
import { usePendingKnown, usePendingUpload } from './pendingUploads'
import './attachments.css'

/** Inline images are laid out at most this big (CSS keeps them inside narrow screens too). */
const MAX_IMAGE_WIDTH_PX = 360
const MAX_IMAGE_HEIGHT_PX = 300
/** A blob someone else is still uploading is asked for again after this long. */
const RETRY_MS = 3000
const MAX_RETRIES = 40

export function AttachmentList({ attachments }: { attachments: readonly Attachment[] }) {
  if (attachments.length === 0) return null
  return (
    <ul className="attachments" aria-label="Attachments">
      {attachments.map((attachment, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one message's attachments never reorder
        <li key={i}>
          {isVoice(attachment) ? (
            <VoicePlayer attachment={attachment} />
          ) : isInlineImage(attachment) && attachment.width && attachment.height ? (
            <InlineImage attachment={attachment} width={attachment.width} height={attachment.height} />
          ) : (
            <FileLink attachment={attachment} />
          )}
        </li>
      ))}
    </ul>
  )
}

/** An object URL for `blob` while mounted (revoked after). */
function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>()
  useEffect(() => {
    if (blob === undefined) return setUrl(undefined)
    const made = URL.createObjectURL(blob)
    setUrl(made)
    return () => URL.revokeObjectURL(made)
  }, [blob])
  return url
}

function UploadState({ hash }: { hash: string }) {
  const pending = usePendingUpload(hash)
  if (pending === undefined) return null
  return (
    <span className={pending.error ? 'upload-state upload-failed' : 'upload-state'} role="status">
      {pending.error ?? 'uploading…'}
    </span>
  )
}

function InlineImage({
  attachment,
  width,
  height,
}: {
  attachment: Attachment
  width: number
  height: number
}) {
  const pending = usePendingUpload(attachment.hash)
  const local = useObjectUrl(pending?.blob)
  const known = usePendingKnown()
  const [attempt, setAttempt] = useState(0)
  const [failed, setFailed] = useState(false)
  const box = fitImage(width, height, MAX_IMAGE_WIDTH_PX, MAX_IMAGE_HEIGHT_PX)
  // Until the sender's upload lands the relay answers 404: ask again later, don't give up at once.
  const onError = () => {
    setFailed(true)
    if (attempt < MAX_RETRIES) setTimeout(() => setAttempt((n) => n + 1), RETRY_MS)
  }
  const remote = `${blobUrl(attachment)}${attempt > 0 ? `&attempt=${attempt}` : ''}`
  // Bytes still on this device are never asked of the relay, which does not have them yet.
  const src = local ?? (known && pending === undefined ? remote : undefined)
  return (
    <figure className="attachment-image" style={{ width: box.width, aspectRatio: `${width} / ${height}` }}>
      <img
        key={attempt}
        src={src}
        alt={attachment.name}
        width={box.width}
        height={box.height}
        onLoad={() => setFailed(false)}
        onError={onError}
      />
      {failed && local === undefined ? (
        <span className="attachment-waiting">Image not available yet</span>
      ) : null}
      <UploadState hash={attachment.hash} />
    </figure>
  )
}

function FileLink({ attachment }: { attachment: Attachment }) {
  return (
    <span className="attachment-file">
      <a href={blobUrl(attachment)} download={attachment.name}>
        {attachment.name}
      </a>{' '}
      <span className="attachment-size">{formatBytes(attachment.size)}</span>{' '}
      <UploadState hash={attachment.hash} />
    </span>
  )
}
