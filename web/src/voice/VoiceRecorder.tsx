// "Record": records a voice message, shows how long it is, then cancel or send. Sent like any
// attachment (its bytes queued by the uploader, so a message recorded offline goes out later),
// with its duration and waveform in the entry.
import { useEffect, useRef, useState } from 'react'
import { prepareAttachment } from '../attachments/prepare'
import type { Uploader } from '../attachments/uploader'
import type { MessageDraft } from '../room'
import { type Recorder, startRecorder, type VoiceRecording } from './recorder'
import { formatDuration } from './waveform'
import './voice.css'

const TICK_MS = 250
const EXTENSIONS: Record<string, string> = { 'audio/webm': 'webm', 'audio/mp4': 'm4a' }

interface VoiceRecorderProps {
  send(draft: MessageDraft): string | null
  uploader: Pick<Uploader, 'add'>
}

export function VoiceRecorder({ send, uploader }: VoiceRecorderProps) {
  const recorder = useRef<Recorder | null>(null)
  const [recording, setRecording] = useState(false)
  const [elapsedMs, setElapsedMs] = useState(0)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    if (!recording) return
    const timer = setInterval(() => setElapsedMs(recorder.current?.elapsedMs() ?? 0), TICK_MS)
    return () => clearInterval(timer)
  }, [recording])
  // Leaving the room mid-recording throws it away and frees the microphone.
  useEffect(() => () => recorder.current?.cancel(), [])

  const start = async () => {
    setProblem(null)
    try {
      const started = await startRecorder()
      recorder.current = started
      setElapsedMs(0)
      setRecording(true)
      void started.reachedLimit.then(() => {
        if (recorder.current === started) void finish()
      })
    } catch (error) {
      setProblem((error as Error).message)
    }
  }
  const cancel = () => {
    recorder.current?.cancel()
    recorder.current = null
    setRecording(false)
  }
  const finish = async () => {
    const current = recorder.current
    if (current === null) return
    recorder.current = null
    setRecording(false)
    setProblem(await sendRecording(await current.stop(), send, uploader))
  }

  return (
    <div className="voice-recorder">
      {recording ? (
        <>
          <span className="voice-recording" role="status">
            <span aria-hidden="true">●</span> Recording {formatDuration(elapsedMs)}
          </span>
          <button type="button" className="secondary" onClick={cancel}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void finish()}>
            Send voice message
          </button>
        </>
      ) : (
        <button type="button" className="secondary" onClick={() => void start()}>
          🎤 Record
        </button>
      )}
      {problem ? (
        <p className="attach-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  )
}

/** Queues the recording's bytes and sends the message; returns why it could not, or null. */
async function sendRecording(
  recording: VoiceRecording,
  send: VoiceRecorderProps['send'],
  uploader: VoiceRecorderProps['uploader'],
): Promise<string | null> {
  if (recording.blob.size === 0) return 'Nothing was recorded.'
  const extension = EXTENSIONS[recording.type] ?? 'audio'
  const file = new File([recording.blob], `voice-message.${extension}`, { type: recording.type })
  const prepared = await prepareAttachment(file)
  if (typeof prepared === 'string') return prepared
  await uploader.add(prepared)
  const attachment = {
    ...prepared.attachment,
    durationMs: recording.durationMs,
    waveform: recording.waveform,
  }
  return send({ text: '', attachments: [attachment] })
}
