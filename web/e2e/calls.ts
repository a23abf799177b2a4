// Reads a page's calls from WebRTC itself: every RTCPeerConnection the page makes is recorded (an
// init script wraps the constructor before the app runs), so tests assert on getStats, not on UI.
import type { Page } from 'playwright-core'

/** Runs in every page before the app. */
export const RECORD_PEER_CONNECTIONS = `{
  const Native = RTCPeerConnection
  const made = []
  globalThis.__peerConnections = made
  globalThis.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args)
      made.push(this)
    }
  }
}`

export interface LinkStats {
  connectionState: string
  audioBytesReceived: number
  videoBytesReceived: number
  audioBytesSent: number
  videoFramesDecoded: number
  /** Size of the last video frame received (0 before any). */
  frameWidth: number
  frameHeight: number
}

/** Stats of every peer connection the page made that is not closed, in the order they were made. */
export async function openLinks(page: Page): Promise<LinkStats[]> {
  return page.evaluate(async () => {
    const made = (globalThis as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
    const open = made.filter((pc) => pc.connectionState !== 'closed')
    return Promise.all(
      open.map(async (pc) => {
        const stats = {
          connectionState: pc.connectionState,
          audioBytesReceived: 0,
          videoBytesReceived: 0,
          audioBytesSent: 0,
          videoFramesDecoded: 0,
          frameWidth: 0,
          frameHeight: 0,
        }
        const report = await pc.getStats()
        report.forEach((entry: Record<string, unknown>) => {
          if (entry.type === 'inbound-rtp' && entry.kind === 'audio')
            stats.audioBytesReceived += Number(entry.bytesReceived ?? 0)
          if (entry.type === 'inbound-rtp' && entry.kind === 'video') {
            stats.videoBytesReceived += Number(entry.bytesReceived ?? 0)
            stats.videoFramesDecoded += Number(entry.framesDecoded ?? 0)
            stats.frameWidth = Number(entry.frameWidth ?? 0)
            stats.frameHeight = Number(entry.frameHeight ?? 0)
          }
          if (entry.type === 'outbound-rtp' && entry.kind === 'audio')
            stats.audioBytesSent += Number(entry.bytesSent ?? 0)
        })
        return stats
      }),
    )
  })
}

/** How many peer connections the page ever made. */
export async function linksMade(page: Page): Promise<number> {
  return page.evaluate(
    () => (globalThis as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections.length,
  )
}

/** What the page's first open peer connection sends as video: the track's label and surface. */
export async function sentVideo(
  page: Page,
): Promise<{ label: string; displaySurface: string | null } | null> {
  return page.evaluate(() => {
    const made = (globalThis as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
    const open = made.find((pc) => pc.connectionState !== 'closed')
    const track = open?.getSenders().find((sender) => sender.track?.kind === 'video')?.track
    if (!track) return null
    const surface = (track.getSettings() as { displaySurface?: string }).displaySurface
    return { label: track.label, displaySurface: surface ?? null }
  })
}
