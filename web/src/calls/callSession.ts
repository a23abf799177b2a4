// One person's side of a room's call: their media, a peer connection to every other member of the
// call (a mesh of at most the relay's call size), and their `call` field in the room's presence, which is
// how everyone learns who is in the call. Signals go through the relay (sync/signals.ts).
import type { SignalChannel } from '../sync'
import type { CallConfig } from './callConfig'
import { type CallField, type CallParticipant, callIsFull, callMembers, isPolite } from './callPresence'
import { decodeCallSignal, encodeCallSignal } from './callSignal'
import {
  type LocalMedia,
  openCamera,
  openLocalMedia,
  openScreen,
  showVideo,
  stopLocalMedia,
} from './localMedia'
import { createPeerLink, type LocalTrack, type PeerLink } from './peerLink'

/**
 * A link opened by a peer's first signal, before its presence says it is in the call (presence
 * is merged for up to 500 ms, signals are not), is kept this long waiting for that presence.
 */
const LINK_GRACE_MS = 5_000

/** What a call needs of its room, as plain data and intents. */
export interface CallRoom {
  /** This person's key (decides who is polite). */
  readonly myKey: string
  readonly signals: SignalChannel
  getParticipants(): readonly CallParticipant[]
  /** Called whenever the participants change; returns its unsubscribe. */
  subscribeParticipants(listener: () => void): () => void
  /** Publishes this device's call field in the room's presence (null: not in the call). */
  publish(field: CallField | null): void
}

export interface CallPeer {
  clientId: number
  name: string
  color: string
  stream: MediaStream
  connectionState: RTCPeerConnectionState
  audio: boolean
  video: boolean
  screen: boolean
}

export interface CallState {
  phase: 'idle' | 'joining' | 'joined'
  /** Why the last join failed or the call ended for this person ("This call is full…"), if so. */
  notice: string | null
  audio: boolean
  video: boolean
  screen: boolean
  local: MediaStream | null
  peers: readonly CallPeer[]
  /** Everyone in the room's call (this device too, once joined), whether or not this device is. */
  participants: readonly CallParticipant[]
}

export interface CallSession {
  getState(): CallState
  subscribe(listener: () => void): () => void
  join(): Promise<void>
  leave(): void
  toggleAudio(): void
  toggleVideo(): Promise<void>
  toggleScreen(): Promise<void>
  close(): void
}

export function callFullNotice(size: number): string {
  return `This call is full: a call holds ${size} people.`
}

const IDLE: CallState = {
  phase: 'idle',
  notice: null,
  audio: false,
  video: false,
  screen: false,
  local: null,
  peers: [],
  participants: [],
}

interface Link {
  peer: PeerLink
  openedAt: number
}

export function createCallSession(room: CallRoom, loadConfig: () => Promise<CallConfig>): CallSession {
  const listeners = new Set<() => void>()
  const links = new Map<number, Link>()
  /** Each linked peer's key, from its presence or its first description. */
  const keys = new Map<number, string>()
  let state: CallState = IDLE
  let media: LocalMedia | null = null
  /** Read on each join: until then, nothing uses it. */
  let config: CallConfig | null = null
  let field: CallField | null = null
  let graceTimer: ReturnType<typeof setTimeout> | null = null
  const me = room.signals.clientId

  const set = (change: Partial<CallState>) => {
    state = { ...state, ...change }
    for (const listener of listeners) listener()
  }

  const peersNow = (): CallPeer[] => {
    const byId = new Map(room.getParticipants().map((p) => [p.clientId, p]))
    return [...links].map(([clientId, { peer }]) => {
      const who = byId.get(clientId)
      return {
        clientId,
        name: who?.name ?? 'Joining…',
        color: who?.color ?? '#868e96',
        stream: peer.remoteStream,
        connectionState: peer.connection.connectionState,
        audio: who?.audio ?? false,
        video: who?.video ?? false,
        screen: who?.screen ?? false,
      }
    })
  }
  const refreshPeers = () => set({ peers: peersNow() })

  const sentVideo = (): LocalTrack | null => {
    if (media === null) return null
    const track = media.screen ?? (state.video ? media.camera : null)
    return track === null ? null : { track, stream: media.stream }
  }
  const sentAudio = (): LocalTrack | null =>
    media?.audio && state.audio ? { track: media.audio, stream: media.stream } : null

  const open = (clientId: number, key: string) => {
    const initial = [sentAudio(), sentVideo()].filter((t): t is LocalTrack => t !== null)
    keys.set(clientId, key)
    const peer = createPeerLink({
      // Read at each collision: a peer's presence may bring its key after its first offer did.
      polite: () => isPolite({ key: room.myKey, clientId: me }, { key: keys.get(clientId) ?? '', clientId }),
      key: room.myKey,
      iceServers: config?.iceServers ?? [],
      tracks: initial,
      send: (signal) => room.signals.send(clientId, encodeCallSignal(signal)),
      onChange: refreshPeers,
    })
    const link: Link = { peer, openedAt: performance.now() }
    links.set(clientId, link)
    return link
  }

  const drop = (clientId: number, sayBye: boolean) => {
    const link = links.get(clientId)
    if (link === undefined) return
    if (sayBye) room.signals.send(clientId, encodeCallSignal({ kind: 'bye' }))
    link.peer.close()
    links.delete(clientId)
    keys.delete(clientId)
  }

  /** Makes the links match the call's members: one per other member, none for anyone else. */
  const sync = () => {
    const participants = room.getParticipants()
    if (state.participants !== participants) set({ participants })
    if (state.phase !== 'joined') return
    const size = config?.maxCallSize
    const members = callMembers(participants, size)
    if (participants.some((p) => p.clientId === me) && !members.some((p) => p.clientId === me)) {
      // More joined at once than the call holds, and this device came last.
      leave(callFullNotice(size ?? members.length))
      return
    }
    const wanted = new Map(members.filter((p) => p.clientId !== me).map((p) => [p.clientId, p]))
    for (const [clientId, who] of wanted) {
      if (links.has(clientId)) keys.set(clientId, who.userId)
      else open(clientId, who.userId)
    }
    const now = performance.now()
    for (const [clientId, link] of links) {
      if (!wanted.has(clientId) && now - link.openedAt > LINK_GRACE_MS) drop(clientId, false)
    }
    scheduleGraceCheck()
    refreshPeers()
  }

  const scheduleGraceCheck = () => {
    if (graceTimer !== null) return
    graceTimer = setTimeout(() => {
      graceTimer = null
      sync()
    }, LINK_GRACE_MS + 100)
  }

  const onSignal = ({ from, payload }: { from: number; payload: string }) => {
    const signal = decodeCallSignal(payload)
    if (signal === null || state.phase !== 'joined') return
    if (signal.kind === 'bye') {
      drop(from, false)
      refreshPeers()
      return
    }
    let link = links.get(from)
    if (link === undefined) {
      // A peer that joined just now: its presence is on its way. Its key decides who is polite.
      const known = room.getParticipants().find((p) => p.clientId === from)
      if (config === null || links.size >= config.maxCallSize - 1) return
      link = open(from, known?.userId ?? (signal.kind === 'description' ? signal.key : ''))
      scheduleGraceCheck()
      refreshPeers()
    }
    link.peer.receive(signal)
  }

  const publish = () => {
    field =
      state.phase === 'joined' && field !== null
        ? { ...field, audio: state.audio, video: state.video, screen: state.screen }
        : null
    room.publish(field)
  }

  function leave(notice: string | null = null) {
    // First: publishing the empty field below fires a presence change, which must not link again.
    state = { ...state, phase: 'idle' }
    for (const clientId of [...links.keys()]) drop(clientId, true)
    if (media !== null) stopLocalMedia(media)
    media = null
    field = null
    room.publish(null)
    if (graceTimer !== null) clearTimeout(graceTimer)
    graceTimer = null
    set({ ...IDLE, notice, participants: room.getParticipants() })
  }

  const unsubscribeSignals = room.signals.onSignal(onSignal)
  const unsubscribeParticipants = room.subscribeParticipants(sync)
  state = { ...state, participants: room.getParticipants() }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async join() {
      if (state.phase !== 'idle') return
      set({ phase: 'joining', notice: null })
      config = await loadConfig()
      if (callIsFull(room.getParticipants(), me, config.maxCallSize)) {
        set({ phase: 'idle', notice: callFullNotice(config.maxCallSize) })
        return
      }
      try {
        media = await openLocalMedia()
      } catch (error) {
        set({ ...IDLE, notice: (error as Error).message, participants: room.getParticipants() })
        return
      }
      // The person may have left while the browser asked for the camera.
      if ((state as CallState).phase !== 'joining') {
        stopLocalMedia(media)
        media = null
        return
      }
      field = { since: Date.now(), audio: true, video: media.camera !== null, screen: false }
      set({ phase: 'joined', audio: true, video: field.video, local: media.stream })
      room.publish(field)
      sync()
    },
    leave: () => leave(),
    toggleAudio() {
      if (state.phase !== 'joined' || media?.audio == null) return
      set({ audio: !state.audio })
      media.audio.enabled = state.audio
      for (const { peer } of links.values()) peer.setTrack('audio', sentAudio())
      publish()
    },
    async toggleVideo() {
      if (state.phase !== 'joined' || media === null) return
      if (state.video) {
        media.camera?.stop()
        media.camera = null
        set({ video: false })
      } else {
        const camera = await openCamera()
        if (camera === null || media === null) return
        media.camera = camera
        set({ video: true })
      }
      if (media.screen === null) showVideo(media, media.camera)
      for (const { peer } of links.values()) peer.setTrack('video', sentVideo())
      publish()
    },
    async toggleScreen() {
      if (state.phase !== 'joined' || media === null) return
      if (media.screen !== null) {
        media.screen.stop()
        media.screen = null
      } else {
        const screen = await openScreen()
        if (screen === null || media === null) return
        media.screen = screen
        // The browser's own "Stop sharing" button ends the track.
        screen.addEventListener('ended', () => {
          if (media?.screen === screen) void this.toggleScreen()
        })
      }
      set({ screen: media.screen !== null })
      showVideo(media, media.screen ?? (state.video ? media.camera : null))
      for (const { peer } of links.values()) peer.setTrack('video', sentVideo())
      publish()
    },
    close() {
      if (state.phase !== 'idle') leave()
      unsubscribeSignals()
      unsubscribeParticipants()
      listeners.clear()
    },
  }
}
