// Records a voice message from the microphone with MediaRecorder, sampling its loudness for the
// waveform as it goes. The microphone is released when the recording stops or is cancelled.
import { MAX_VOICE_MS, MAX_WAVEFORM_BARS } from '../room'
import { waveformBars } from './waveform'

const LEVEL_EVERY_MS = 50
/** Opus in WebM: what Chromium and Firefox record; Safari records MP4. */
const TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/mp4']

export interface VoiceRecording {
  blob: Blob
  /** The container type without parameters, as attachments carry it. */
  type: string
  durationMs: number
  waveform: number[]
}

export interface Recorder {
  /** Milliseconds recorded so far. */
  elapsedMs(): number
  /** Stops and hands over the recording. */
  stop(): Promise<VoiceRecording>
  /** Stops and throws the recording away. */
  cancel(): void
  /** Resolves when the recording stopped by itself at MAX_VOICE_MS. */
  readonly reachedLimit: Promise<void>
}

/** Starts recording, or throws an Error saying why it cannot (no microphone, no permission). */
export async function startRecorder(): Promise<Recorder> {
  if (typeof MediaRecorder === 'undefined') throw new Error('This browser cannot record audio.')
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true }).catch((error: Error) => {
    throw new Error(`No microphone available: ${error.message || 'permission denied'}`)
  })
  const mimeType = TYPES.find((type) => MediaRecorder.isTypeSupported(type))
  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined)
  const chunks: Blob[] = []
  recorder.ondataavailable = (event) => {
    if (event.data.size > 0) chunks.push(event.data)
  }
  const levels: number[] = []
  const meter = meterOf(stream, levels)
  const startedAt = performance.now()
  let stoppedAt: number | null = null
  const stopped = new Promise<void>((resolve) => {
    recorder.onstop = () => resolve()
  })
  const release = () => {
    stoppedAt ??= performance.now()
    meter.close()
    for (const track of stream.getTracks()) track.stop()
  }
  let reachLimit = () => {}
  const reachedLimit = new Promise<void>((resolve) => {
    reachLimit = resolve
  })
  const limit = setTimeout(() => reachLimit(), MAX_VOICE_MS)
  recorder.start()
  return {
    elapsedMs: () => (stoppedAt ?? performance.now()) - startedAt,
    reachedLimit,
    async stop() {
      clearTimeout(limit)
      if (recorder.state !== 'inactive') recorder.stop()
      release()
      await stopped
      const blob = new Blob(chunks, { type: recorder.mimeType })
      return {
        blob,
        type: (recorder.mimeType.split(';')[0] ?? 'audio/webm').trim() || 'audio/webm',
        durationMs: Math.min(MAX_VOICE_MS, Math.round((stoppedAt ?? performance.now()) - startedAt)),
        waveform: waveformBars(levels, MAX_WAVEFORM_BARS),
      }
    },
    cancel() {
      clearTimeout(limit)
      if (recorder.state !== 'inactive') recorder.stop()
      release()
    },
  }
}

/** Pushes the stream's loudness (RMS, 0–1) into `levels` every LEVEL_EVERY_MS. */
function meterOf(stream: MediaStream, levels: number[]): { close(): void } {
  const context = new AudioContext()
  const analyser = context.createAnalyser()
  analyser.fftSize = 1024
  context.createMediaStreamSource(stream).connect(analyser)
  const samples = new Float32Array(analyser.fftSize)
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples)
    let sum = 0
    for (const sample of samples) sum += sample * sample
    levels.push(Math.sqrt(sum / samples.length))
  }, LEVEL_EVERY_MS)
  return {
    close() {
      clearInterval(timer)
      void context.close().catch(() => {})
    },
  }
}
