// The camera, microphone and screen of this device for a call. Asking for them is the only place
// the browser's permission prompt can appear.

const CAMERA: MediaTrackConstraints = {
  width: { ideal: 640 },
  height: { ideal: 360 },
  frameRate: { ideal: 24 },
}

export interface LocalMedia {
  /** What this device shows of itself: the microphone and, when on, the camera or screen. */
  readonly stream: MediaStream
  audio: MediaStreamTrack | null
  camera: MediaStreamTrack | null
  screen: MediaStreamTrack | null
}

/** Microphone and camera; the microphone alone when there is no camera; an Error saying why not. */
export async function openLocalMedia(): Promise<LocalMedia> {
  const devices = globalThis.navigator?.mediaDevices
  if (devices?.getUserMedia === undefined)
    throw new Error('This browser cannot make calls here (it needs HTTPS).')
  let stream: MediaStream
  try {
    stream = await devices.getUserMedia({ audio: true, video: CAMERA })
  } catch {
    try {
      stream = await devices.getUserMedia({ audio: true })
    } catch (error) {
      throw new Error(`No microphone available: ${(error as Error).message || 'permission denied'}`)
    }
  }
  return {
    stream,
    audio: stream.getAudioTracks()[0] ?? null,
    camera: stream.getVideoTracks()[0] ?? null,
    screen: null,
  }
}

/** A new camera track, or null when there is none (or no permission). */
export async function openCamera(): Promise<MediaStreamTrack | null> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: CAMERA })
    return stream.getVideoTracks()[0] ?? null
  } catch {
    return null
  }
}

/** A screen, window or tab picked by the person, or null when they cancel. */
export async function openScreen(): Promise<MediaStreamTrack | null> {
  try {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false })
    return stream.getVideoTracks()[0] ?? null
  } catch {
    return null
  }
}

/** Replaces the stream's video (camera or screen) with `track`, or removes it. */
export function showVideo(media: LocalMedia, track: MediaStreamTrack | null): void {
  for (const old of media.stream.getVideoTracks()) if (old !== track) media.stream.removeTrack(old)
  if (track !== null && !media.stream.getVideoTracks().includes(track)) media.stream.addTrack(track)
}

export function stopLocalMedia(media: LocalMedia): void {
  for (const track of [media.audio, media.camera, media.screen]) track?.stop()
}
