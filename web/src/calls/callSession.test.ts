import { describe, expect, it } from 'vitest'
import type { SignalChannel } from '../sync'
import type { CallField, CallParticipant } from './callPresence'
import { CALL_FULL, type CallRoom, createCallSession } from './callSession'

/** A room whose presence already holds `others` in the call, recording what this device publishes. */
function roomWith(others: CallParticipant[]) {
  const published: Array<CallField | null> = []
  const signals: SignalChannel = {
    clientId: 99,
    send: () => true,
    onSignal: () => () => {},
    onUndelivered: () => () => {},
    close: () => {},
  }
  const room: CallRoom = {
    myKey: 'me',
    signals,
    getParticipants: () => others,
    subscribeParticipants: () => () => {},
    publish: (field) => published.push(field),
  }
  return { room, published }
}

const participant = (clientId: number): CallParticipant => ({
  clientId,
  userId: `user-${clientId}`,
  name: `P${clientId}`,
  color: '#123456',
  since: clientId,
  audio: true,
  video: true,
  screen: false,
})

describe('createCallSession', () => {
  it('tells a fifth person the call is full, without asking for a camera or joining', async () => {
    const { room, published } = roomWith([1, 2, 3, 4].map(participant))
    const call = createCallSession(room, async () => [])
    expect(call.getState().participants.map((p) => p.name)).toEqual(['P1', 'P2', 'P3', 'P4'])
    await call.join()
    expect(call.getState()).toMatchObject({ phase: 'idle', notice: CALL_FULL, peers: [] })
    expect(published).toEqual([])
    call.close()
  })

  it('says why it could not join when there is no microphone (no media devices here)', async () => {
    const { room, published } = roomWith([participant(1)])
    const call = createCallSession(room, async () => [])
    await call.join()
    expect(call.getState().phase).toBe('idle')
    expect(call.getState().notice).toMatch(/cannot make calls|microphone/)
    expect(published).toEqual([])
    call.close()
  })
})
