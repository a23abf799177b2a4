// One peer connection of the call's mesh, set up with WebRTC's "perfect negotiation" pattern: both
// sides may offer at any time (a camera or a screen added mid-call); on a collision the polite side
// drops its own offer and answers, the impolite side ignores the other's. Signals are handled one
// at a time, in the order they arrived.
//
// The first offer always comes from the impolite side: the polite side adds its tracks only once
// that offer is in (they join its transceivers, so no second negotiation is needed). Two people
// pressing call at once would otherwise collide on every first offer, and Chromium 156 sometimes
// gathers no ICE candidates after rolling an offer back (seen in about 1 run of 6), which leaves
// the link at "new" for good.
import type { CallSignal } from './callSignal'

export interface LocalTrack {
  track: MediaStreamTrack
  stream: MediaStream
}

export interface PeerLinkOptions {
  /** Asked at each collision: a peer's key may be learnt only after the link opened. */
  polite(): boolean
  /** This side's key, sent with every description. */
  key: string
  iceServers: RTCIceServer[]
  send(signal: CallSignal): void
  /** The tracks to send from the start. */
  tracks: readonly LocalTrack[]
  /** The remote stream or the connection's state changed. */
  onChange(): void
}

export interface PeerLink {
  readonly connection: RTCPeerConnection
  /** What the other side sends: filled as its tracks arrive. */
  readonly remoteStream: MediaStream
  receive(signal: CallSignal): void
  /** Sends `track` (or nothing) as this link's `kind`: swapped in place, no renegotiation unless new. */
  setTrack(kind: 'audio' | 'video', local: LocalTrack | null): void
  close(): void
}

export function createPeerLink(options: PeerLinkOptions): PeerLink {
  const connection = new RTCPeerConnection({ iceServers: options.iceServers })
  const remoteStream = new MediaStream()
  const senders = new Map<string, RTCRtpSender>()
  let makingOffer = false
  let ignoreOffer = false
  let closed = false
  let queue: Promise<void> = Promise.resolve()
  /** The polite side's tracks, held until the first offer arrives. */
  let heldTracks: Map<string, LocalTrack | null> | null = options.polite()
    ? new Map(options.tracks.map((local) => [local.track.kind, local]))
    : null
  const addTrack = (local: LocalTrack) =>
    senders.set(local.track.kind, connection.addTrack(local.track, local.stream))

  connection.onnegotiationneeded = async () => {
    try {
      makingOffer = true
      await connection.setLocalDescription()
      const local = connection.localDescription
      if (local !== null && (local.type === 'offer' || local.type === 'answer'))
        options.send({
          kind: 'description',
          description: { type: local.type, sdp: local.sdp },
          key: options.key,
        })
    } catch {
      // A collision resolved by the other side's offer; perfect negotiation recovers by itself.
    } finally {
      makingOffer = false
    }
  }
  connection.onicecandidate = ({ candidate }) => {
    if (candidate === null || candidate.candidate === '') return
    const { sdpMid, sdpMLineIndex } = candidate
    options.send({ kind: 'candidate', candidate: { candidate: candidate.candidate, sdpMid, sdpMLineIndex } })
  }
  connection.ontrack = ({ track }) => {
    remoteStream.addTrack(track)
    track.addEventListener('ended', () => {
      remoteStream.removeTrack(track)
      options.onChange()
    })
    options.onChange()
  }
  connection.onconnectionstatechange = () => options.onChange()
  connection.oniceconnectionstatechange = () => {
    if (connection.iceConnectionState === 'failed') connection.restartIce()
  }
  if (heldTracks === null) for (const local of options.tracks) addTrack(local)

  const handle = async (signal: CallSignal) => {
    if (signal.kind === 'description') {
      const { description } = signal
      const collision =
        description.type === 'offer' && (makingOffer || connection.signalingState !== 'stable')
      ignoreOffer = !options.polite() && collision
      if (ignoreOffer) return
      // On a collision the polite side's own offer is rolled back implicitly here.
      await connection.setRemoteDescription(description)
      if (description.type === 'offer') {
        if (heldTracks !== null) {
          for (const local of heldTracks.values()) if (local !== null) addTrack(local)
          heldTracks = null
        }
        await connection.setLocalDescription()
        const local = connection.localDescription
        if (local !== null && local.type === 'answer')
          options.send({
            kind: 'description',
            description: { type: 'answer', sdp: local.sdp },
            key: options.key,
          })
      }
      return
    }
    if (signal.kind === 'candidate') {
      try {
        await connection.addIceCandidate(signal.candidate)
      } catch (error) {
        // Candidates of an offer this side ignored fail to apply; any other failure is real.
        if (!ignoreOffer) throw error
      }
    }
  }

  return {
    connection,
    remoteStream,
    receive(signal) {
      queue = queue.then(() => (closed ? undefined : handle(signal))).catch(() => {})
    },
    setTrack(kind, local) {
      if (closed) return
      if (heldTracks !== null) {
        heldTracks.set(kind, local)
        return
      }
      const sender = senders.get(kind)
      if (sender !== undefined) {
        void sender.replaceTrack(local?.track ?? null).catch(() => {})
        return
      }
      if (local !== null) addTrack(local)
    },
    close() {
      closed = true
      connection.close()
      for (const track of remoteStream.getTracks()) remoteStream.removeTrack(track)
    },
  }
}
