// The call of the open room: an incoming call's ring, "Join", and once in it the tiles of everyone
// in it with the controls. Media are shown with <video> elements fed by MediaStreams.
import { useEffect, useRef } from 'react'
import { takeAnswer } from './answerIntent'
import type { CallSession, CallState } from './callSession'
import { useCall, useRinging } from './useCall'
import './calls.css'

interface CallPanelProps {
  call: CallSession
  room: { id: string; title: string }
  myKey: string
}

export function CallPanel({ call, room, myKey }: CallPanelProps) {
  const state = useCall(call)
  const { ringing, dismiss } = useRinging(state, room, myKey)
  // Opened by "Answer" on a call that rang from another page (IncomingCalls).
  useEffect(() => {
    if (takeAnswer(room.id)) void call.join()
  }, [call, room.id])
  const others = state.participants.filter((p) => p.userId !== myKey)
  if (state.phase === 'joined') return <InCall call={call} state={state} />
  if (others.length === 0 && state.notice === null) return null
  const names = others.map((p) => p.name).join(', ')
  return (
    <section className={ringing ? 'call-bar call-bar-ringing' : 'call-bar'} aria-label="Call">
      {others.length > 0 ? (
        <span className="call-bar-text" aria-live="assertive">
          {ringing ? `${others[0]?.name} is calling` : `In the call: ${names}`}
        </span>
      ) : null}
      {state.notice ? <span className="call-notice">{state.notice}</span> : null}
      {others.length > 0 ? (
        <button type="button" onClick={() => void call.join()} disabled={state.phase === 'joining'}>
          {state.phase === 'joining' ? 'Joining…' : 'Join call'}
        </button>
      ) : null}
      {ringing ? (
        <button type="button" className="secondary" onClick={dismiss}>
          Dismiss
        </button>
      ) : null}
    </section>
  )
}

/** The header's button: starts a call, or joins the one going on. */
export function CallButton({ call }: { call: CallSession }) {
  const state = useCall(call)
  if (state.phase === 'joined') return null
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => void call.join()}
      disabled={state.phase === 'joining'}
    >
      {state.participants.length > 0 ? 'Join call' : 'Call'}
    </button>
  )
}

function InCall({ call, state }: { call: CallSession; state: CallState }) {
  return (
    <section className="call" aria-label="Call">
      <ul className="call-tiles">
        <li className="call-tile" data-testid="call-tile-self">
          <MediaView stream={state.local} muted />
          <span className="call-tile-name">
            You{state.audio ? '' : ' (muted)'}
            {state.screen ? ' (sharing your screen)' : ''}
          </span>
        </li>
        {state.peers.map((peer) => (
          <li
            key={peer.clientId}
            className="call-tile"
            data-testid="call-tile-peer"
            data-connection={peer.connectionState}
          >
            <MediaView stream={peer.stream} muted={false} />
            <span className="call-tile-name" style={{ borderColor: peer.color }}>
              {peer.name}
              {peer.audio ? '' : ' (muted)'}
              {peer.connectionState === 'connected' ? '' : ` (${peer.connectionState})`}
            </span>
          </li>
        ))}
      </ul>
      <div className="call-controls">
        <button
          type="button"
          className="secondary"
          aria-pressed={!state.audio}
          onClick={() => call.toggleAudio()}
        >
          {state.audio ? 'Mute' : 'Unmute'}
        </button>
        <button type="button" className="secondary" onClick={() => void call.toggleVideo()}>
          {state.video ? 'Turn camera off' : 'Turn camera on'}
        </button>
        <button type="button" className="secondary" onClick={() => void call.toggleScreen()}>
          {state.screen ? 'Stop sharing' : 'Share screen'}
        </button>
        <button type="button" className="call-leave" onClick={() => call.leave()}>
          Leave call
        </button>
      </div>
    </section>
  )
}

function MediaView({ stream, muted }: { stream: MediaStream | null; muted: boolean }) {
  const ref = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    const video = ref.current
    if (video !== null && video.srcObject !== stream) video.srcObject = stream
  }, [stream])
  return <video ref={ref} autoPlay playsInline muted={muted} />
}
