// A voice message in the conversation: play/pause, its waveform filling as it plays, and the time.
// The bytes come from this device while its upload is pending, else from the relay (fetched, so
// the service worker's attachment cache serves them offline, and typed by the entry: the relay
// serves audio as a download).
import { useEffect, useRef, useState } from 'react'
import { usePendingUpload } from '../attachments/pendingUploads'
import { type Attachment, blobUrl } from '../room'
import { formatDuration } from './waveform'

export function VoicePlayer({
  attachment,
}: {
  attachment: Attachment & { durationMs: number; waveform: number[] }
}) {
  const pending = usePendingUpload(attachment.hash)
  const audio = useRef<HTMLAudioElement>(null)
  const [src, setSrc] = useState<string | null>(null)
  const [playing, setPlaying] = useState(false)
  const [positionMs, setPositionMs] = useState(0)
  const [problem, setProblem] = useState<string | null>(null)
  const progress = attachment.durationMs > 0 ? Math.min(1, positionMs / attachment.durationMs) : 0

  useEffect(
    () => () => {
      if (src !== null) URL.revokeObjectURL(src)
    },
    [src],
  )

  const load = async (): Promise<string | null> => {
    if (src !== null) return src
    try {
      const blob: Blob = pending?.blob ?? (await fetchBlob(blobUrl(attachment)))
      const made = URL.createObjectURL(new Blob([blob], { type: attachment.type }))
      setSrc(made)
      return made
    } catch {
      setProblem('Voice message not available yet')
      return null
    }
  }

  const toggle = async () => {
    const element = audio.current
    if (element === null) return
    if (playing) {
      element.pause()
      return
    }
    const url = await load()
    if (url === null) return
    if (element.src !== url) element.src = url
    setProblem(null)
    await element.play().catch(() => setProblem('This browser cannot play this voice message'))
  }

  return (
    <span className="voice-player">
      <button type="button" className="secondary voice-play" onClick={() => void toggle()}>
        {playing ? 'Pause' : 'Play'}
        <span className="visually-hidden"> voice message</span>
      </button>
      <span className="voice-waveform" aria-hidden="true">
        {attachment.waveform.map((level, i) => (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: the bars of one recording never change
            key={i}
            className={i / attachment.waveform.length < progress ? 'voice-bar voice-bar-played' : 'voice-bar'}
            style={{ height: `${Math.max(8, Math.round((level / 255) * 100))}%` }}
          />
        ))}
      </span>
      <progress
        className="visually-hidden"
        aria-label="Voice message progress"
        max={attachment.durationMs}
        value={positionMs}
      />
      <span className="voice-time">
        {playing || positionMs > 0 ? `${formatDuration(positionMs)} / ` : ''}
        {formatDuration(attachment.durationMs)}
      </span>
      {problem ? <span className="upload-state upload-failed">{problem}</span> : null}
      {/* biome-ignore lint/a11y/useMediaCaption: a voice message has no captions to offer */}
      <audio
        ref={audio}
        preload="none"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => {
          setPlaying(false)
          setPositionMs(attachment.durationMs)
        }}
        onTimeUpdate={(event) => setPositionMs(Math.round(event.currentTarget.currentTime * 1000))}
      />
    </span>
  )
}

async function fetchBlob(url: string): Promise<Blob> {
  const response = await fetch(url)
  // Until the sender's upload lands the relay answers 404.
  if (!response.ok) throw new Error('not available yet')
  return response.blob()
}
