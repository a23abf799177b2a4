// What the app sends through the relay's signals (relay/PROTOCOL.md, type 105) to set up a call:
// WebRTC descriptions and ICE candidates, and a goodbye. Anything another peer sends is checked
// before it reaches WebRTC: a hostile peer may send any text.

export type CallSignal =
  | {
      kind: 'description'
      description: { type: 'offer' | 'answer'; sdp: string }
      /** The sender's key: its first offer may arrive before its presence does, and decides who is polite. */
      key: string
    }
  | {
      kind: 'candidate'
      candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null }
    }
  | { kind: 'bye' }

export function encodeCallSignal(signal: CallSignal): string {
  return JSON.stringify(signal)
}

/** The signal `payload` holds, or null for anything else. */
export function decodeCallSignal(payload: string): CallSignal | null {
  let value: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(payload)
    if (typeof parsed !== 'object' || parsed === null) return null
    value = parsed as Record<string, unknown>
  } catch {
    return null
  }
  switch (value.kind) {
    case 'bye':
      return { kind: 'bye' }
    case 'description': {
      const description = value.description as { type?: unknown; sdp?: unknown } | undefined
      if (description?.type !== 'offer' && description?.type !== 'answer') return null
      if (typeof description.sdp !== 'string' || typeof value.key !== 'string') return null
      return {
        kind: 'description',
        description: { type: description.type, sdp: description.sdp },
        key: value.key.slice(0, 64),
      }
    }
    case 'candidate': {
      const candidate = value.candidate as Record<string, unknown> | undefined
      if (typeof candidate?.candidate !== 'string') return null
      const sdpMid = typeof candidate.sdpMid === 'string' ? candidate.sdpMid : null
      const index = candidate.sdpMLineIndex
      const sdpMLineIndex = typeof index === 'number' && Number.isInteger(index) && index >= 0 ? index : null
      return { kind: 'candidate', candidate: { candidate: candidate.candidate, sdpMid, sdpMLineIndex } }
    }
    default:
      return null
  }
}
